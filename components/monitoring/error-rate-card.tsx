"use client";

import { ShieldAlert } from "lucide-react";
import {
  compactNumber,
  describeRange,
  errorRows,
  formatPercent,
  yDomain,
} from "@/lib/charts/monitoring";
import { ChartCard, PushHint, errorText, queryState, retryAll } from "./chart-card";
import { RequirementKey } from "@/components/charts/requirement-key";
import { TimeSeriesChart } from "./charts";
import type { SummaryQuery } from "./use-monitoring";

/** The share of failed predictions per bucket, against the model's maximum error rate. */
export function ErrorRateCard({
  deploymentId,
  summary,
  domain,
  maxErr,
}: {
  deploymentId: string;
  summary: SummaryQuery;
  domain: [number, number];
  /** The requirement as a fraction, or null when the model sets none. */
  maxErr: number | null;
}) {
  const rows = errorRows(summary.data);

  return (
    <ChartCard
      title="Error rate"
      testId="chart-errors"
      description="Share of predictions that failed, per bucket."
      state={queryState(summary, rows.length === 0)}
      error={errorText(summary.error)}
      onRetry={retryAll(summary)}
      empty={<PushHint what="predictions" deploymentId={deploymentId} path="predictions" />}
      emptyIcon={ShieldAlert}
      actions={
        maxErr !== null ? <RequirementKey>max {formatPercent(maxErr)}</RequirementKey> : null
      }
      stale={summary.isPlaceholderData}
    >
      <TimeSeriesChart
        rows={rows}
        domain={domain}
        yDomain={yDomain(
          rows.map((r) => r.value),
          maxErr !== null ? maxErr * 100 : null,
          100,
        )}
        yFormat={(v) => `${compactNumber(v)}%`}
        valueFormat={(v) => formatPercent(v / 100)}
        reference={
          maxErr !== null ? { value: maxErr * 100, label: `max ${formatPercent(maxErr)}` } : null
        }
        lines={[{ key: "value", label: "Error rate", color: "var(--crit)" }]}
        label={describeRange(
          "Error rate",
          rows.map((r) => r.value),
          (v) => formatPercent(v / 100),
          maxErr !== null ? `limit ${formatPercent(maxErr)}` : undefined,
        )}
      />
    </ChartCard>
  );
}
