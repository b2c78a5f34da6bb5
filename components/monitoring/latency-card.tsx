"use client";

import { Gauge } from "lucide-react";
import {
  PREDICTION_LATENCY_METRIC,
  type Series,
  compactNumber,
  describeRange,
  formatMs,
  latencyRows,
  yDomain,
} from "@/lib/charts/monitoring";
import { ChartCard, type ChartState, PushHint, errorText, retryAll } from "./chart-card";
import { RequirementKey } from "@/components/charts/requirement-key";
import { TimeSeriesChart } from "@/components/charts/lazy";
import type { MetricQuery } from "./use-monitoring";

/**
 * p50/p95/p99 latency: `latency_ms` as the server reports it, or the latency recorded with
 * predictions (`latency`, already chosen) when the server reports none.
 */
export function LatencyCard({
  deploymentId,
  latency,
  primary,
  fallback,
  needFallback,
  domain,
  p95Req,
}: {
  deploymentId: string;
  latency: Series | null;
  primary: MetricQuery;
  fallback: MetricQuery;
  needFallback: boolean;
  /** The x-axis: the range the latency read answered for, if it has answered. */
  domain: [number, number] | undefined;
  p95Req: number | null;
}) {
  const rows = latencyRows(latency);
  const state: ChartState = primary.isError
    ? "error"
    : primary.isPending || (needFallback && fallback.isPending)
      ? "loading"
      : fallback.isError && needFallback
        ? "error"
        : rows.length
          ? "ready"
          : "empty";

  return (
    <ChartCard
      title="Latency"
      testId="chart-latency"
      description={
        latency?.name === PREDICTION_LATENCY_METRIC
          ? "p50, p95 and p99 from the inference log (prediction.latency_ms); the server reports no latency_ms."
          : "p50, p95 and p99 of latency_ms, as reported by the model server."
      }
      state={state}
      error={errorText(primary.error ?? fallback.error)}
      onRetry={retryAll(primary, fallback)}
      empty={<PushHint what="latency" deploymentId={deploymentId} path="metrics" />}
      emptyIcon={Gauge}
      actions={p95Req !== null ? <RequirementKey>p95 ≤ {formatMs(p95Req)}</RequirementKey> : null}
      stale={primary.isPlaceholderData}
    >
      {domain ? (
        <TimeSeriesChart
          rows={rows}
          domain={domain}
          yDomain={yDomain(
            rows.flatMap((r) => [r.p50, r.p95, r.p99]),
            p95Req,
          )}
          yFormat={(v) => `${compactNumber(v)} ms`}
          valueFormat={formatMs}
          reference={
            p95Req !== null ? { value: p95Req, label: `p95 ≤ ${formatMs(p95Req)} required` } : null
          }
          lines={[
            { key: "p50", label: "p50", color: "var(--ok)" },
            { key: "p95", label: "p95", color: "var(--accent)", width: 2.25 },
            { key: "p99", label: "p99", color: "var(--warn)", dash: "4 3" },
          ]}
          label={describeRange(
            "Latency p95",
            rows.map((r) => r.p95),
            formatMs,
            p95Req !== null ? `requirement p95 at most ${formatMs(p95Req)}` : undefined,
          )}
        />
      ) : null}
    </ChartCard>
  );
}
