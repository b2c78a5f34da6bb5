"use client";

import { ShieldAlert } from "lucide-react";
import {
  MIN_ERROR_SAMPLE,
  describeRange,
  errorBuckets,
  formatPercent,
  yDomain,
} from "@/lib/charts/monitoring";
import { ChartCard, PushHint, errorText, queryState, retryAll } from "./chart-card";
import { RequirementKey } from "@/components/charts/requirement-key";
import { ErrorRateChart } from "@/components/charts/lazy";
import type { SummaryQuery } from "./use-monitoring";

/**
 * The share of failed predictions per bucket, against the model's maximum error rate. Buckets
 * with fewer than MIN_ERROR_SAMPLE requests are drawn but not called a breach.
 */
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
  const rows = errorBuckets(summary.data, maxErr);
  const breaches = rows.filter((r) => r.state === "breach").length;

  return (
    <ChartCard
      title="Error rate"
      testId="chart-errors"
      description={`Share of predictions that failed, per bucket. Red dots are over the limit; hollow ones had fewer than ${MIN_ERROR_SAMPLE} requests, too few to judge.`}
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
      <ErrorRateChart
        rows={rows}
        domain={domain}
        yDomain={yDomain(
          rows.map((r) => r.value),
          maxErr !== null ? maxErr * 100 : null,
          100,
        )}
        maxErr={maxErr}
        label={describeRange(
          "Error rate",
          rows.map((r) => r.value),
          (v) => formatPercent(v / 100),
          maxErr !== null
            ? `limit ${formatPercent(maxErr)}; ${breaches} bucket${breaches === 1 ? "" : "s"} over it with at least ${MIN_ERROR_SAMPLE} requests`
            : undefined,
        )}
      />
    </ChartCard>
  );
}
