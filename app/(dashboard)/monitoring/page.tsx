import { Activity } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Sparkline } from "@/components/monitoring/charts";
import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePrincipal } from "@/lib/auth";
import {
  HEALTH_LABELS,
  HEALTH_TONES,
  RANGE_LABELS,
  type RangePreset,
  against,
  formatCount,
  formatMs,
  formatPercent,
  healthOf,
  parseRange,
  sparkRows,
} from "@/lib/charts/monitoring";
import { cn } from "@/lib/cn";
import { fleet } from "@/lib/services/monitoring";

export const metadata: Metadata = { title: "Monitoring" };

const RANGES: RangePreset[] = ["24h", "7d", "30d"];

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const limitTone = {
  over: "text-crit font-medium",
  near: "text-warn font-medium",
  within: "",
  unknown: "",
} as const;

export default async function FleetPage({ searchParams }: Props) {
  await requirePrincipal();
  const sel = parseRange(await searchParams, RANGES, { kind: "preset", range: "7d" });
  const range = sel.kind === "preset" ? sel.range : "7d";
  const data = await fleet({ range });
  const domain: [number, number] = [Date.parse(data.from), Date.parse(data.to)];
  const counts = { crit: 0, warn: 0, ok: 0, unknown: 0 };
  for (const d of data.items) counts[healthOf(d.health)]++;

  return (
    <>
      <PageHeader
        title="Monitoring"
        description="Every active deployment against its model's requirements: p95 latency and error rate over the range, health from the latest buckets. Open a row for its charts and inference log."
        actions={
          <nav
            aria-label="Time range"
            className="inline-flex rounded-md border border-border bg-surface p-0.5"
          >
            {RANGES.map((r) => (
              <Link
                key={r}
                href={r === "7d" ? "/monitoring" : `/monitoring?range=${r}`}
                aria-current={r === range ? "page" : undefined}
                className={cn(
                  "h-7 rounded px-2.5 text-xs font-medium leading-7 tabular-nums",
                  r === range
                    ? "bg-accent text-accent-fg"
                    : "text-muted hover:bg-surface-2 hover:text-fg",
                )}
              >
                <span className="sr-only">Last </span>
                {RANGE_LABELS[r]}
              </Link>
            ))}
          </nav>
        }
      />
      {data.items.length === 0 ? (
        <Card>
          <EmptyState icon={Activity} title="Nothing is deployed">
            Approved promotions put versions on targets; their latency, errors and accuracy are
            watched here.
          </EmptyState>
        </Card>
      ) : (
        <>
          <p className="mb-3 flex flex-wrap gap-2 text-xs text-muted" aria-label="Health summary">
            <span>{data.items.length} active deployments:</span>
            {counts.crit ? <Badge tone="crit">{counts.crit} critical</Badge> : null}
            {counts.warn ? <Badge tone="warn">{counts.warn} warning</Badge> : null}
            {counts.ok ? <Badge tone="ok">{counts.ok} healthy</Badge> : null}
            {counts.unknown ? <Badge>{counts.unknown} without data</Badge> : null}
          </p>
          <Card>
            <Table>
              <thead>
                <tr>
                  <Th>Deployment</Th>
                  <Th>Target</Th>
                  <Th>Health</Th>
                  <Th numeric>p95 latency</Th>
                  <Th>
                    <span className="sr-only">p95 latency trend</span>
                  </Th>
                  <Th numeric>Error rate</Th>
                  <Th>
                    <span className="sr-only">Error rate trend</span>
                  </Th>
                  <Th numeric>Requests</Th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((d) => {
                  const health = healthOf(d.health);
                  const lat = against(d.latencyP95, d.requirements.latencyP95Ms);
                  const err = against(d.errorRate, d.requirements.maxErrorRate);
                  const href = `/deployments/${d.deploymentId}`;
                  return (
                    <Tr key={d.deploymentId}>
                      <Td>
                        <Link href={href} className="font-medium hover:underline">
                          {d.modelName}{" "}
                          <span className="font-mono text-xs text-muted">v{d.version}</span>
                        </Link>
                        <div className="text-xs text-muted">
                          since <RelativeTime value={d.activatedAt} />
                        </div>
                      </Td>
                      <Td>
                        <span className="flex flex-wrap items-center gap-1.5">
                          <Link href={`/targets/${d.target}`} className="hover:underline">
                            {d.targetName}
                          </Link>
                          <EnvironmentBadge environment={d.environment} />
                        </span>
                      </Td>
                      <Td className="max-w-72">
                        <Badge tone={HEALTH_TONES[health]}>{HEALTH_LABELS[health]}</Badge>
                        {d.reasons.length ? (
                          <ul className="mt-1 space-y-0.5 text-xs text-muted">
                            {d.reasons.map((r) => (
                              <li key={r}>{r}</li>
                            ))}
                          </ul>
                        ) : null}
                      </Td>
                      <Td numeric className="whitespace-nowrap">
                        <span className={limitTone[lat]}>{formatMs(d.latencyP95)}</span>
                        <div className="text-xs text-muted">
                          {d.requirements.latencyP95Ms !== null
                            ? `≤ ${formatMs(d.requirements.latencyP95Ms)}`
                            : "no target"}
                        </div>
                      </Td>
                      <Td>
                        <Sparkline
                          rows={sparkRows(d.latency, (p) => p.p95)}
                          domain={domain}
                          limit={d.requirements.latencyP95Ms}
                          label={`p95 latency of ${d.modelName} v${d.version} on ${d.targetName} over the range`}
                        />
                      </Td>
                      <Td numeric className="whitespace-nowrap">
                        <span className={limitTone[err]}>{formatPercent(d.errorRate)}</span>
                        <div className="text-xs text-muted">
                          {d.requirements.maxErrorRate !== null
                            ? `≤ ${formatPercent(d.requirements.maxErrorRate)}`
                            : "no limit"}
                        </div>
                      </Td>
                      <Td>
                        <Sparkline
                          rows={sparkRows(d.errors, (p) => p.rate)}
                          domain={domain}
                          color="var(--crit)"
                          limit={d.requirements.maxErrorRate}
                          label={`Error rate of ${d.modelName} v${d.version} on ${d.targetName} over the range`}
                        />
                      </Td>
                      <Td numeric>{formatCount(d.requests)}</Td>
                    </Tr>
                  );
                })}
              </tbody>
            </Table>
          </Card>
        </>
      )}
    </>
  );
}
