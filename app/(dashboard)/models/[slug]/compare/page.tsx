import type { Metadata } from "next";
import Link from "next/link";
import { MetricTrendChart } from "@/components/charts/lazy";
import {
  CompareMetadataCard,
  CompareMetricsCard,
  CompareOptimizationCard,
} from "@/components/models/compare/compare-tables";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePrincipal } from "@/lib/auth";
import { trendRequirement } from "@/lib/charts/versions";
import { AppError } from "@/lib/errors";
import { orNotFound } from "@/lib/pages";
import { compareQuery } from "@/lib/schemas/versions";
import { getModel } from "@/lib/services/models";
import { compareVersions } from "@/lib/services/versions";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ versions?: string }> };

export const metadata: Metadata = { title: "Compare versions" };

export default async function ComparePage({ params, searchParams }: Props) {
  await requirePrincipal();
  const { slug } = await params;
  const parsed = compareQuery.safeParse({ versions: (await searchParams).versions ?? "" });
  const model = await orNotFound(getModel(slug));
  const header = (
    <Breadcrumb
      steps={[
        { label: "Models", href: "/models" },
        { label: slug, href: `/models/${slug}`, mono: true },
        { label: "compare" },
      ]}
    />
  );
  if (!parsed.success) {
    return (
      <>
        {header}
        <PageHeader title={`Compare versions of ${model.name}`} />
        <Card className="p-6 text-sm">
          <p role="alert" className="text-crit">
            {parsed.error.issues[0].message}.
          </p>
          <p className="mt-2 text-muted">
            Pick two to four versions on the{" "}
            <Link href={`/models/${slug}`} className="text-accent underline underline-offset-2">
              model page
            </Link>
            , or add <code className="font-mono">?versions=1,2</code> to this address.
          </p>
        </Card>
      </>
    );
  }
  let comparison;
  try {
    comparison = await compareVersions(slug, parsed.data.versions);
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") {
      return (
        <>
          {header}
          <PageHeader title={`Compare versions of ${model.name}`} />
          <Card className="p-6 text-sm">
            <p role="alert" className="text-crit">
              {e.message}.
            </p>
          </Card>
        </>
      );
    }
    throw e;
  }
  const { versions } = comparison;
  const base = versions[0];
  return (
    <>
      {header}
      <PageHeader
        title={`Compare versions of ${model.name}`}
        description={`Deltas are against v${base.version}. Green is better, red is worse, by each metric's direction.`}
      />
      <div className="space-y-5">
        <CompareMetricsCard slug={slug} comparison={comparison} />
        <CompareMetadataCard slug={slug} versions={versions} />
        <CompareOptimizationCard slug={slug} versions={versions} />
        <Card>
          <CardHeader
            title="Across all versions"
            description="Any eval metric over every version of the model."
          />
          <MetricTrendChart
            versions={model.versions}
            requirement={trendRequirement(model.requirements)}
          />
        </Card>
      </div>
    </>
  );
}
