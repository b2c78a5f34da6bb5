"use client";

import { Target } from "lucide-react";
import { accuracyRows, compactNumber, describeRange, percentDomain } from "@/lib/charts/monitoring";
import { ChartCard, errorText, queryState, retryAll } from "./chart-card";
import { RequirementKey } from "@/components/charts/requirement-key";
import { TimeSeriesChart } from "@/components/charts/lazy";
import { useEndpoint } from "./endpoint-context";
import type { SummaryQuery } from "./use-monitoring";
import { ApiPath } from "@/components/ui/api-path";

/** Predictions that matched their label, in buckets where labels arrived. */
export function AccuracyCard({
  deploymentId,
  summary,
  domain,
  accReq,
}: {
  deploymentId: string;
  summary: SummaryQuery;
  domain: [number, number];
  /** The requirement in percent, or null (see `accuracyRequirement`). */
  accReq: number | null;
}) {
  const rows = accuracyRows(summary.data);
  const endpoint = useEndpoint();

  return (
    <ChartCard
      title="Accuracy"
      testId="chart-accuracy"
      description="Predictions that matched their label, in buckets where labels arrived."
      state={queryState(summary, rows.length === 0)}
      error={errorText(summary.error)}
      onRetry={retryAll(summary)}
      empty={
        <>
          No labelled predictions in this range. Labels arrive with the prediction or later with{" "}
          <ApiPath
            method="PATCH"
            path={`${endpoint ? endpoint.path : `/api/v1/deployments/${deploymentId}`}/predictions/{predictionId}`}
          />
        </>
      }
      emptyIcon={Target}
      actions={accReq !== null ? <RequirementKey>min {accReq.toFixed(0)} %</RequirementKey> : null}
      stale={summary.isPlaceholderData}
    >
      <TimeSeriesChart
        rows={rows}
        domain={domain}
        yDomain={percentDomain(
          rows.map((r) => r.value),
          accReq,
        )}
        yFormat={(v) => `${compactNumber(v)}%`}
        valueFormat={(v) => `${v.toFixed(1)} %`}
        reference={accReq !== null ? { value: accReq, label: `min ${accReq.toFixed(0)} %` } : null}
        lines={[{ key: "value", label: "Accuracy", color: "var(--ok)" }]}
        label={describeRange(
          "Accuracy",
          rows.map((r) => r.value),
          (v) => `${v.toFixed(1)} %`,
          accReq !== null ? `requirement at least ${accReq.toFixed(0)} %` : undefined,
        )}
      />
    </ChartCard>
  );
}
