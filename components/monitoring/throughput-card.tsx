"use client";

import { Activity } from "lucide-react";
import {
  compactNumber,
  describeRange,
  formatRate,
  throughputRows,
  throughputUnit,
  yDomain,
} from "@/lib/charts/monitoring";
import { ChartCard, PushHint, errorText, queryState, retryAll } from "./chart-card";
import { TimeSeriesChart } from "@/components/charts/lazy";
import type { SummaryQuery } from "./use-monitoring";

/** Predictions per second, minute or hour (whichever reads best), from the inference log. */
export function ThroughputCard({
  deploymentId,
  summary,
  domain,
}: {
  deploymentId: string;
  summary: SummaryQuery;
  domain: [number, number];
}) {
  const sum = summary.data;
  const rows = throughputRows(sum);
  const unit = throughputUnit(rows);
  const noTraffic = !sum || sum.totals.count === 0;

  return (
    <ChartCard
      title="Throughput"
      testId="chart-throughput"
      description={`Predictions per ${unit.suffix === "/s" ? "second" : unit.suffix === "/min" ? "minute" : "hour"}, from the inference log.`}
      state={queryState(summary, noTraffic)}
      error={errorText(summary.error)}
      onRetry={retryAll(summary)}
      empty={<PushHint what="predictions" deploymentId={deploymentId} path="predictions" />}
      emptyIcon={Activity}
      stale={summary.isPlaceholderData}
    >
      <TimeSeriesChart
        area
        rows={rows.map((r) => ({
          t: r.t,
          value: r.value === null ? null : r.value * unit.factor,
        }))}
        domain={domain}
        yDomain={yDomain(rows.map((r) => (r.value ?? 0) * unit.factor))}
        yFormat={compactNumber}
        valueFormat={(v) => `${Number(v.toFixed(2))}${unit.suffix}`}
        lines={[{ key: "value", label: "Requests", color: "var(--accent)" }]}
        label={describeRange(
          "Throughput",
          rows.map((r) => r.value),
          (v) => formatRate(v),
        )}
      />
    </ChartCard>
  );
}
