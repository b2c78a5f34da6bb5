"use client";

import { TimeSeriesChart } from "@/components/charts/lazy";
import { Card, CardHeader } from "@/components/ui/card";
import { type ApiResult } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { compactNumber, describeRange, percentDomain, yDomain } from "@/lib/charts/monitoring";
import { monitoringLinks, type rolloutLinks } from "@/lib/endpoints/links";

type Rollout = ApiResult<typeof rolloutLinks.get>;
type Summary = ApiResult<typeof monitoringLinks.summary>;
type Point = Summary["points"][number];

const BUCKETS = 60;
const LIVE_MS = 10_000;
/** Fewer labels than this in a bucket make its accuracy a coin toss (one label: 0 or 100 %). */
const MIN_LABELS = 10;

const lines = [
  { key: "stable", label: "Stable", color: "var(--muted)" },
  { key: "canary", label: "Canary", color: "var(--accent)", width: 2 },
];

/** Rows of one measure for both arms, bucket by bucket (both read with the same range). */
function overlay(
  stable: Summary | undefined,
  canary: Summary | undefined,
  pick: (p: Point) => number | null,
) {
  const rows = new Map<number, { t: number; stable: number | null; canary: number | null }>();
  for (const [arm, s] of [
    ["stable", stable],
    ["canary", canary],
  ] as const)
    for (const p of s?.points ?? []) {
      const t = Date.parse(p.ts);
      const row = rows.get(t) ?? { t, stable: null, canary: null };
      row[arm] = pick(p);
      rows.set(t, row);
    }
  return [...rows.values()]
    .sort((a, b) => a.t - b.t)
    .filter((r) => r.stable !== null || r.canary !== null);
}

/** How many labels each arm has in the range, as the empty accuracy chart says it. */
function labelled(stable: Summary | undefined, canary: Summary | undefined) {
  const count = (s: Summary | undefined) => (s?.points ?? []).reduce((n, p) => n + p.labeled, 0);
  return `stable ${count(stable)}, canary ${count(canary)} labelled in all`;
}

function useSummary(id: string, from: string, to: string | undefined, live: boolean) {
  return useApi(
    monitoringLinks.summary,
    { params: { id }, query: { from, to, buckets: BUCKETS } },
    { refetchInterval: live ? LIVE_MS : false },
  );
}

/**
 * The canary's and the stable deployment's latency, errors and accuracy over the rollout, on
 * one chart each: what the verdicts judged, as a picture.
 */
export function RolloutCharts({ rollout: r }: { rollout: Rollout }) {
  const live = r.state === "running" || r.state === "paused";
  const from = r.createdAt;
  // While live the range is open-ended (the server ends it now at each read).
  const to = r.endedAt ?? undefined;
  const stable = useSummary(r.stableId, from, to, live);
  const canary = useSummary(r.canaryId, from, to, live);
  const end = to ?? stable.data?.to ?? canary.data?.to ?? from;
  const domain: [number, number] = [Date.parse(from), Date.parse(end)];
  const charts = [
    {
      title: "p95 latency",
      rows: overlay(stable.data, canary.data, (p) => p.latencyP95),
      format: (v: number) => `${v.toFixed(1)} ms`,
      yFormat: (v: number) => `${compactNumber(v)} ms`,
      percent: false,
    },
    {
      title: "Error rate",
      rows: overlay(stable.data, canary.data, (p) =>
        p.errorRate === null ? null : p.errorRate * 100,
      ),
      format: (v: number) => `${v.toFixed(2)} %`,
      yFormat: (v: number) => `${compactNumber(v)}%`,
      percent: true,
    },
    {
      title: "Accuracy",
      description: `Canary against stable, where a bucket has ${MIN_LABELS} labels or more.`,
      rows: overlay(stable.data, canary.data, (p) =>
        p.accuracy === null || p.labeled < MIN_LABELS ? null : p.accuracy * 100,
      ),
      format: (v: number) => `${v.toFixed(1)} %`,
      yFormat: (v: number) => `${compactNumber(v)}%`,
      percent: true,
      empty: `No bucket has ${MIN_LABELS} labelled predictions yet (${labelled(stable.data, canary.data)}).`,
    },
  ];
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      {charts.map((c) => {
        const values = c.rows
          .flatMap((row) => [row.stable, row.canary])
          .filter((v): v is number => v !== null);
        return (
          <Card key={c.title}>
            <CardHeader
              title={c.title}
              description={c.description ?? "Canary against stable, since the rollout began."}
            />
            {stable.isPending || canary.isPending ? (
              <div aria-hidden className="m-4 h-44 animate-pulse rounded bg-surface-2" />
            ) : values.length === 0 ? (
              <p className="p-4 text-sm text-muted">
                {c.empty ?? "No data from either deployment yet."}
              </p>
            ) : (
              <div className="p-2">
                <TimeSeriesChart
                  rows={c.rows}
                  domain={domain}
                  yDomain={c.percent ? percentDomain(values) : yDomain(values)}
                  yFormat={c.yFormat}
                  valueFormat={c.format}
                  lines={lines}
                  height={180}
                  label={describeRange(`${c.title}, canary and stable`, values, c.format)}
                />
              </div>
            )}
          </Card>
        );
      })}
    </div>
  );
}
