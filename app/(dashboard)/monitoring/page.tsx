import { Activity } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Sparkline } from "@/components/charts/lazy";
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
  type Health,
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

const CHIPS: {
  health: Health;
  label: (n: number) => string;
  tone: "crit" | "warn" | "ok" | "neutral";
}[] = [
  { health: "crit", label: (n) => `${n} critical`, tone: "crit" },
  { health: "warn", label: (n) => `${n} warning`, tone: "warn" },
  { health: "idle", label: (n) => `${n} no traffic`, tone: "neutral" },
  { health: "ok", label: (n) => `${n} healthy`, tone: "ok" },
];

const chipTones = {
  crit: "border-crit/40 text-crit",
  warn: "border-warn/40 text-warn",
  ok: "border-ok/40 text-ok",
  neutral: "border-border text-muted",
} as const;

export default async function FleetPage({ searchParams }: Props) {
  await requirePrincipal();
  const params = await searchParams;
  const sel = parseRange(params, RANGES, { kind: "preset", range: "7d" });
  const range = sel.kind === "preset" ? sel.range : "7d";
  const wanted = typeof params.health === "string" ? healthOf(params.health) : null;
  const data = await fleet({ range });
  const domain: [number, number] = [Date.parse(data.from), Date.parse(data.to)];
  const counts: Record<Health, number> = { crit: 0, warn: 0, ok: 0, idle: 0, unknown: 0 };
  for (const d of data.items) counts[healthOf(d.health)]++;
  const shown = wanted ? data.items.filter((d) => healthOf(d.health) === wanted) : data.items;
  const hrefOf = (health: Health | null) => {
    const q = new URLSearchParams();
    if (range !== "7d") q.set("range", range);
    if (health) q.set("health", health);
    return q.size ? `/monitoring?${q}` : "/monitoring";
  };

  return (
    <>
      <PageHeader
        title="Monitoring"
        description="Every endpoint (a model on a target) against its model's requirements, across releases: p95 latency and error rate over the range, health from the latest buckets, unhealthy first. Open a row for its charts and inference log."
        actions={
          <nav
            aria-label="Time range"
            className="inline-flex rounded-md border border-border bg-surface p-0.5"
          >
            {RANGES.map((r) => (
              <Link
                key={r}
                href={
                  r === "7d"
                    ? wanted
                      ? `/monitoring?health=${wanted}`
                      : "/monitoring"
                    : `/monitoring?range=${r}${wanted ? `&health=${wanted}` : ""}`
                }
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
          <nav
            className="mb-3 flex flex-wrap items-center gap-2 text-xs text-muted"
            aria-label="Filter by health"
          >
            <Link
              href={hrefOf(null)}
              aria-current={wanted === null ? "page" : undefined}
              className={cn(
                "rounded-full border px-2.5 py-0.5 font-medium",
                wanted === null ? "border-accent bg-accent text-accent-fg" : "border-border",
              )}
            >
              All {data.items.length} endpoints
            </Link>
            {CHIPS.filter((c) => counts[c.health] > 0 || wanted === c.health).map((c) => (
              <Link
                key={c.health}
                href={hrefOf(wanted === c.health ? null : c.health)}
                aria-current={wanted === c.health ? "page" : undefined}
                className={cn(
                  "rounded-full border px-2.5 py-0.5 font-medium",
                  wanted === c.health
                    ? "border-accent bg-accent text-accent-fg"
                    : chipTones[c.tone],
                )}
              >
                {c.label(counts[c.health])}
              </Link>
            ))}
          </nav>
          <Card>
            <Table stack>
              <thead>
                <tr>
                  <Th>Endpoint</Th>
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
                {shown.length === 0 ? (
                  <Tr>
                    <Td colSpan={8} className="py-6 text-center text-muted">
                      No endpoint is {wanted ? HEALTH_LABELS[wanted] : "running"} now.{" "}
                      <Link href={hrefOf(null)} className="text-accent hover:underline">
                        Show all
                      </Link>
                    </Td>
                  </Tr>
                ) : null}
                {shown.map((d) => {
                  const health = healthOf(d.health);
                  const lat = against(d.latencyP95, d.requirements.latencyP95Ms);
                  const err = against(d.errorRate, d.requirements.maxErrorRate);
                  const href = `/deployments/${d.deploymentId}`;
                  return (
                    <Tr key={d.deploymentId}>
                      <Td>
                        <Link href={href} className="font-medium hover:underline">
                          {d.modelName}{" "}
                          <span className="font-mono text-xs text-muted">
                            {d.versions.map((v) => `v${v}`).join(" + ")}
                          </span>
                        </Link>
                        <div className="text-xs text-muted">
                          since <RelativeTime value={d.activatedAt} />
                        </div>
                      </Td>
                      <Td label="Target">
                        <span className="flex flex-wrap items-center gap-1.5">
                          <Link href={`/targets/${d.target}`} className="hover:underline">
                            {d.targetName}
                          </Link>
                          <EnvironmentBadge environment={d.environment} />
                        </span>
                      </Td>
                      <Td label="Health" className="max-w-72">
                        <Badge tone={HEALTH_TONES[health]}>{HEALTH_LABELS[health]}</Badge>
                        {d.reasons.length ? (
                          <ul className="mt-1 space-y-0.5 text-xs text-muted">
                            {d.reasons.map((r) => (
                              <li key={r}>{r}</li>
                            ))}
                          </ul>
                        ) : null}
                      </Td>
                      <Td label="p95 latency" numeric className="whitespace-nowrap">
                        <span className={limitTone[lat]}>{formatMs(d.latencyP95)}</span>
                        <div className="text-xs text-muted">
                          {d.requirements.latencyP95Ms !== null
                            ? `≤ ${formatMs(d.requirements.latencyP95Ms)}`
                            : "no target"}
                        </div>
                      </Td>
                      <Td label="p95 trend" className="max-sm:hidden">
                        <Sparkline
                          rows={sparkRows(d.latency, (p) => p.p95)}
                          domain={domain}
                          limit={d.requirements.latencyP95Ms}
                          label={`p95 latency of ${d.modelName} v${d.version} on ${d.targetName} over the range`}
                        />
                      </Td>
                      <Td label="Error rate" numeric className="whitespace-nowrap">
                        <span className={limitTone[err]}>{formatPercent(d.errorRate)}</span>
                        <div className="text-xs text-muted">
                          {d.requirements.maxErrorRate !== null
                            ? `≤ ${formatPercent(d.requirements.maxErrorRate)}`
                            : "no limit"}
                        </div>
                      </Td>
                      <Td label="Error trend" className="max-sm:hidden">
                        <Sparkline
                          rows={sparkRows(d.errors, (p) => p.rate)}
                          domain={domain}
                          color="var(--crit)"
                          limit={d.requirements.maxErrorRate}
                          label={`Error rate of ${d.modelName} v${d.version} on ${d.targetName} over the range`}
                        />
                      </Td>
                      <Td label="Requests" numeric>
                        {formatCount(d.requests)}
                      </Td>
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
