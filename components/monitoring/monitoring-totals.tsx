"use client";

import { type Summary, formatCount, formatMs, formatPercent } from "@/lib/charts/monitoring";

/** The range's totals above the charts: predictions, errors, accuracy and peak p95 latency. */
export function Totals({ summary }: { summary: Summary | undefined }) {
  const t = summary?.totals;
  const p95 = summary ? Math.max(0, ...summary.points.map((p) => p.latencyP95 ?? 0)) : null;
  const tiles = [
    { label: "Predictions", value: t ? formatCount(t.count) : "—" },
    {
      label: "Errors",
      value: t ? (t.count ? formatPercent(t.errors / t.count) : "—") : "—",
      hint: t ? `${formatCount(t.errors)} failed` : undefined,
    },
    {
      label: "Accuracy",
      value: t?.labeled ? formatPercent(t.correct / t.labeled) : "—",
      hint: t ? `${formatCount(t.labeled)} labelled` : undefined,
    },
    {
      label: "Peak p95 latency",
      value: t?.count ? formatMs(p95) : "—",
      hint: t?.count ? "of predictions" : undefined,
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
      {tiles.map((tile) => (
        <div key={tile.label} className="rounded-lg border border-border bg-surface px-4 py-3">
          <dt className="text-xs text-muted">{tile.label}</dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums">
            {tile.value}
            {tile.hint ? (
              <span className="ml-2 text-xs font-normal text-muted">{tile.hint}</span>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
