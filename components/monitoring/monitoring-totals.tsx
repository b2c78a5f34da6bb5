"use client";

import {
  PREDICTION_LATENCY_METRIC,
  type Series,
  type Summary,
  formatCount,
  formatMs,
  formatPercent,
  latencyRows,
  peakP95,
} from "@/lib/charts/monitoring";

/**
 * The range's totals above the charts: predictions, errors, accuracy and peak p95 latency.
 * The peak is read from the latency series the Latency chart draws (`latency`), so the two agree.
 */
export function Totals({
  summary,
  latency,
}: {
  summary: Summary | undefined;
  latency: Series | null;
}) {
  const t = summary?.totals;
  const p95 = peakP95(latencyRows(latency));
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
      value: p95 !== null ? formatMs(p95) : "—",
      hint:
        p95 === null
          ? undefined
          : latency?.name === PREDICTION_LATENCY_METRIC
            ? "from the inference log"
            : "as the server reports it",
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
