import Link from "next/link";
import type { ReactNode } from "react";
import { StageBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { optimizationRows } from "@/lib/charts/versions";
import { cn } from "@/lib/cn";
import {
  deltaDirection,
  formatBeforeAfter,
  formatBytes,
  formatDelta,
  formatMetric,
  formatPct,
} from "@/lib/format";
import type { ComparisonDto } from "@/lib/schemas/versions";

// The version comparison's tables: one column per version, the first the baseline that
// deltas are measured against.

type Version = ComparisonDto["versions"][number];

function VersionsHead({ slug, versions }: { slug: string; versions: Version[] }) {
  return (
    <tr>
      <Th className="w-44">
        <span className="sr-only">Field</span>
      </Th>
      {versions.map((v, i) => (
        <Th key={v.version}>
          <Link
            href={`/models/${slug}/versions/${v.version}`}
            className="font-mono text-sm text-fg underline underline-offset-2"
          >
            v{v.version}
          </Link>
          {i === 0 ? <span className="ml-1 font-normal">(baseline)</span> : null}
        </Th>
      ))}
    </tr>
  );
}

export function CompareMetricsCard({
  slug,
  comparison: { versions, metrics },
}: {
  slug: string;
  comparison: ComparisonDto;
}) {
  return (
    <Card>
      <CardHeader title="Eval metrics" />
      <Table>
        <thead>
          <VersionsHead slug={slug} versions={versions} />
        </thead>
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
  );
}

const facts: { label: string; value: (v: Version) => ReactNode }[] = [
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

export function CompareMetadataCard({ slug, versions }: { slug: string; versions: Version[] }) {
  return (
    <Card>
      <CardHeader title="Metadata" />
      <Table>
        <thead>
          <VersionsHead slug={slug} versions={versions} />
        </thead>
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
          <Tr>
            <Td className="text-xs text-muted">Image</Td>
            {versions.map((v) => (
              <Td key={v.version} className="break-all font-mono text-xs">
                {v.image ?? "—"}
              </Td>
            ))}
          </Tr>
        </tbody>
      </Table>
    </Card>
  );
}

export function CompareOptimizationCard({ slug, versions }: { slug: string; versions: Version[] }) {
  return (
    <Card>
      <CardHeader title="Optimization records" />
      <Table>
        <thead>
          <VersionsHead slug={slug} versions={versions} />
        </thead>
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
  );
}
