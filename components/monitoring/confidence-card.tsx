"use client";

import { BarChart3 } from "lucide-react";
import { confidenceRows } from "@/lib/charts/monitoring";
import { ChartCard, errorText, queryState, retryAll } from "./chart-card";
import { ConfidenceHistogram } from "@/components/charts/lazy";
import type { SummaryQuery } from "./use-monitoring";

/** How sure the model was: a histogram over every prediction in the range. */
export function ConfidenceCard({ summary }: { summary: SummaryQuery }) {
  const rows = confidenceRows(summary.data);

  return (
    <ChartCard
      title="Confidence"
      testId="chart-confidence"
      description="How sure the model was, over every prediction in the range."
      state={queryState(summary, rows.length === 0)}
      error={errorText(summary.error)}
      onRetry={retryAll(summary)}
      empty="No prediction in this range reported a confidence."
      emptyIcon={BarChart3}
      stale={summary.isPlaceholderData}
    >
      <ConfidenceHistogram
        rows={rows}
        label={`Confidence histogram: ${rows.map((r) => `${r.bin}: ${r.count}`).join(", ")}`}
      />
    </ChartCard>
  );
}
