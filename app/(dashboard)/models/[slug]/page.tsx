import { Layers } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { MetricTrendChart } from "@/components/charts/lazy";
import { DriftSettings } from "@/components/models/drift-settings";
import { RetrainingCard } from "@/components/models/retraining-card";
import { RequirementsCard } from "@/components/models/requirements-card";
import { VersionsTable } from "@/components/models/versions-table";
import { Badge, EnvironmentBadge, RiskBadge } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePrincipal } from "@/lib/auth";
import { metricNames, trendRequirement } from "@/lib/charts/versions";
import { orNotFound } from "@/lib/pages";
import { can } from "@/lib/permissions";
import { getDriftSettings } from "@/lib/services/drift";
import { getRetrainingPolicy, listRetraining } from "@/lib/services/retraining";
import { getModel } from "@/lib/services/models";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ edit?: string }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePrincipal();
  const { slug } = await params;
  return { title: slug };
}

export default async function ModelPage({ params, searchParams }: Props) {
  const principal = await requirePrincipal();
  const { slug } = await params;
  const { edit } = await searchParams;
  const [model, drift, retraining, policy] = await orNotFound(
    Promise.all([
      getModel(slug),
      getDriftSettings(slug),
      listRetraining(slug, { limit: 10 }),
      getRetrainingPolicy(slug),
    ]),
  );
  const keyMetrics = metricNames(model.versions, model.requirements?.minMetricName).slice(0, 3);

  return (
    <>
      <Breadcrumb
        steps={[
          { label: "Models", href: "/models" },
          { label: model.slug, mono: true },
        ]}
      />
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {model.name}
            <RiskBadge risk={model.riskLevel} />
            {model.archived ? <Badge tone="warn">archived</Badge> : null}
          </span>
        }
        description={model.description || "No description."}
      />
      <div className="mb-5 flex flex-wrap gap-x-6 gap-y-1 text-sm text-muted">
        <span>
          Owner <span className="text-fg">{model.owner?.name ?? "—"}</span>
        </span>
        <span>
          Task <span className="text-fg">{model.taskType.replace("_", " ")}</span>
        </span>
        {model.framework ? (
          <span>
            Framework <span className="text-fg">{model.framework}</span>
          </span>
        ) : null}
        <span className="flex items-center gap-1">
          {model.tags.map((t) => (
            <Link key={t} href={`/models?tag=${encodeURIComponent(t)}`}>
              <Badge>{t}</Badge>
            </Link>
          ))}
        </span>
        <span>
          Updated <RelativeTime value={model.updatedAt} />
        </span>
      </div>

      <div className="grid gap-5 lg:grid-cols-[1fr_360px]">
        <div className="min-w-0 space-y-5">
          <Card>
            <CardHeader
              title="Versions"
              description="Newest first. Open one to see its artifact, lineage, checks and checklist."
            />
            {model.versions.length === 0 ? (
              <EmptyState icon={Layers} title="No versions yet">
                Register one from your pipeline:{" "}
                <code className="font-mono text-xs">POST /api/v1/models/{model.slug}/versions</code>
              </EmptyState>
            ) : (
              <VersionsTable slug={model.slug} versions={model.versions} keyMetrics={keyMetrics} />
            )}
          </Card>
          {model.versions.length > 1 ? (
            <Card>
              <CardHeader title="Eval metrics across versions" />
              <MetricTrendChart
                versions={model.versions}
                requirement={trendRequirement(model.requirements)}
              />
            </Card>
          ) : null}
          <RetrainingCard
            slug={model.slug}
            policy={policy.policy}
            requests={retraining.items}
            canEdit={can(principal, "write")}
          />
          <DriftSettings
            slug={model.slug}
            config={drift.config}
            features={drift.features}
            canEdit={can(principal, "write")}
          />
        </div>
        <div className="space-y-5">
          <RequirementsCard
            slug={model.slug}
            requirements={model.requirements}
            latest={
              model.versions[0]
                ? {
                    version: model.versions[0].version,
                    metrics: Object.keys(model.versions[0].evalMetrics),
                  }
                : null
            }
            canEdit={can(principal, "write")}
            editing={edit === "requirements"}
          />
          <Card>
            <CardHeader title="Running now" description="Active deployments, one per target." />
            {model.deployments.length === 0 ? (
              <p className="px-4 py-6 text-sm text-muted">Not deployed anywhere.</p>
            ) : (
              <ul className="divide-y divide-border">
                {model.deployments.map((d) => (
                  <li key={d.id} className="flex items-center justify-between px-4 py-2 text-sm">
                    <span>
                      <Link href={`/targets/${d.target.slug}`} className="hover:underline">
                        {d.target.name}
                      </Link>{" "}
                      <EnvironmentBadge environment={d.target.environment} />
                    </span>
                    <span className="text-right">
                      <Link
                        href={`/models/${model.slug}/versions/${d.version}`}
                        className="font-mono text-xs hover:underline"
                      >
                        v{d.version}
                      </Link>
                      <span className="block text-xs text-muted">
                        since <RelativeTime value={d.activatedAt} />
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
