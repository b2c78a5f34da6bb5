import type { Metadata } from "next";
import Link from "next/link";
import { MetricTrendChart } from "@/components/charts/metric-trend-chart";
import { StageBadge } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePrincipal } from "@/lib/auth";
import { optimizationRows, trendRequirement } from "@/lib/charts/versions";
import { cn } from "@/lib/cn";
import {
  deltaDirection,
  formatBeforeAfter,
  formatBytes,
  formatDelta,
  formatMetric,
  formatPct,
} from "@/lib/format";
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
            <Link href={`/models/${slug}`} className="text-accent hover:underline">
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
  const { versions, metrics } = comparison;
  const base = versions[0];
  const facts: { label: string; value: (v: (typeof versions)[number]) => React.ReactNode }[] = [
    { label: "Stage", value: (v) => <StageBadge stage={v.stage} /> },
    { label: "Registered", value: (v) => <RelativeTime value={v.createdAt} /> },
    { label: "Format", value: (v) => v.format ?? "—" },
    { label: "Size", value: (v) => formatBytes(v.sizeBytes) },
    { label: "Training data", value: (v) => v.trainingData ?? "—" },
    {
      label: "Git commit",
      value: (v) => <span className="font-mono text-xs">{v.gitCommit?.slice(0, 12) ?? "—"}</span>,
    },
    { label: "Checklist", value: (v) => `${v.checklist.done}/${v.checklist.total}` },
    {
      label: "Requirements",
      value: (v) =>
        v.requirementChecks.length === 0 ? (
          "—"
        ) : v.requirementChecks.every((c) => c.passed) ? (
          <span className="text-ok">met</span>
        ) : (
          <span className="text-crit">not met</span>
        ),
    },
  ];
  const colHead = (
    <tr>
      <Th className="w-44">
        <span className="sr-only">Field</span>
      </Th>
      {versions.map((v) => (
        <Th key={v.version}>
          <Link
            href={`/models/${slug}/versions/${v.version}`}
            className="font-mono text-sm text-fg hover:underline"
          >
            v{v.version}
          </Link>
          {v === base ? <span className="ml-1 font-normal">(baseline)</span> : null}
        </Th>
      ))}
    </tr>
  );
  return (
    <>
      {header}
      <PageHeader
        title={`Compare versions of ${model.name}`}
        description={`Deltas are against v${base.version}. Green is better, red is worse, by each metric's direction.`}
      />
      <div className="space-y-5">
        <Card>
          <CardHeader title="Eval metrics" />
          <Table>
            <thead>{colHead}</thead>
            <tbody>
              {metrics.map((m) => (
                <Tr key={m.name}>
                  <Td className="font-mono text-xs">{m.name}</Td>
                  {m.values.map((val) => {
                    const dir = deltaDirection(m.name, val.delta);
                    return (
                      <Td key={val.version} className="tabular-nums">
                        {formatMetric(val.value)}{" "}
                        {val.delta !== null ? (
                          <span
                            data-testid={`delta-${m.name}-v${val.version}`}
                            className={cn(
                              "text-xs",
                              dir === "better"
                                ? "text-ok"
                                : dir === "worse"
                                  ? "text-crit"
                                  : "text-muted",
                            )}
                          >
                            {formatDelta(val.delta, val.deltaPct)}
                          </span>
                        ) : null}
                      </Td>
                    );
                  })}
                </Tr>
              ))}
              {metrics.length === 0 ? (
                <Tr>
                  <Td colSpan={versions.length + 1} className="text-muted">
                    None of these versions reported eval metrics.
                  </Td>
                </Tr>
              ) : null}
            </tbody>
          </Table>
        </Card>
        <Card>
          <CardHeader title="Metadata" />
          <Table>
            <thead>{colHead}</thead>
            <tbody>
              {facts.map((f) => (
                <Tr key={f.label}>
                  <Td className="text-xs text-muted">{f.label}</Td>
                  {versions.map((v) => (
                    <Td key={v.version} className="break-all">
                      {f.value(v)}
                    </Td>
                  ))}
                </Tr>
              ))}
              <Tr>
                <Td className="text-xs text-muted">Artifact</Td>
                {versions.map((v) => (
                  <Td key={v.version} className="break-all font-mono text-xs">
                    {v.artifactUri}
                  </Td>
                ))}
              </Tr>
            </tbody>
          </Table>
        </Card>
        <Card>
          <CardHeader title="Optimization records" />
          <Table>
            <thead>{colHead}</thead>
            <tbody>
              <Tr>
                <Td className="text-xs text-muted">Technique</Td>
                {versions.map((v) => (
                  <Td key={v.version}>
                    {v.optimization?.technique ?? <span className="text-muted">none</span>}
                  </Td>
                ))}
              </Tr>
              {(["size", "latency", "accuracy"] as const).map((k) => (
                <Tr key={k}>
                  <Td className="text-xs capitalize text-muted">{k}</Td>
                  {versions.map((v) => {
                    const r = optimizationRows(v.optimization).find((x) => x.key === k);
                    return (
                      <Td key={v.version} className="tabular-nums">
                        {r ? (
                          <>
                            {formatBeforeAfter(r.before, r.after, r.unit)}{" "}
                            <span
                              className={cn(
                                "text-xs",
                                Math.abs(r.changePct) < 0.05
                                  ? "text-muted"
                                  : r.improved
                                    ? "text-ok"
                                    : "text-crit",
                              )}
                            >
                              ({formatPct(r.changePct)})
                            </span>
                          </>
                        ) : (
                          <span className="text-muted">—</span>
                        )}
                      </Td>
                    );
                  })}
                </Tr>
              ))}
            </tbody>
          </Table>
        </Card>
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
