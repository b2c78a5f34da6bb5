import type { ApiResult } from "@/lib/client/api";
import type { alertEndpoints } from "@/lib/endpoints/alerts";

// How alert rules read in the UI: "p95(prediction.latency_ms over 15 min) > 50 for 5 min".

export type RuleDto = ApiResult<typeof alertEndpoints.listRules>["items"][number];

export const kindLabels: Record<RuleDto["kind"], string> = {
  metric: "metric",
  no_data: "no data",
  drift: "drift",
  requirement: "requirement",
  rollout: "canary analysis",
  concept_drift: "concept drift",
  estimated_performance: "estimated performance",
  data_quality: "data quality",
};

/** 30 s, 15 min, 1.5 h, 2 d. */
export function formatDuration(seconds: number): string {
  const round = (n: number) => String(Math.round(n * 10) / 10);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${round(seconds / 60)} min`;
  if (seconds < 86_400) return `${round(seconds / 3600)} h`;
  return `${round(seconds / 86_400)} d`;
}

const num = (v: number) => String(+v.toPrecision(6));

export function describeCondition(
  r: Pick<
    RuleDto,
    "kind" | "metric" | "aggregation" | "comparator" | "threshold" | "windowSeconds" | "forSeconds"
  >,
): string {
  const window = formatDuration(r.windowSeconds);
  const pending = r.forSeconds > 0 ? ` for ${formatDuration(r.forSeconds)}` : "";
  switch (r.kind) {
    case "no_data":
      return `no ${r.metric ?? "?"} points in ${window}${pending}`;
    case "drift":
      return `drifted with share ≥ ${num(r.threshold ?? 0.5)} (newest report in ${window})${pending}`;
    case "estimated_performance":
      return `estimated ${r.metric ?? "accuracy"} ${r.comparator} ${r.threshold === null ? "the requirement" : num(r.threshold)} over ${window}${pending}`;
    case "data_quality":
      return `a feature's bad-value share > ${num(r.threshold ?? 0.05)} (newest check in ${window})${pending}`;
    case "rollout":
      return `the canary did worse than the stable version over a ${window} step`;
    default: {
      const value =
        r.aggregation === "rate"
          ? `rate(${r.metric ?? "?"} over ${window}, per s)`
          : `${r.aggregation}(${r.metric ?? "?"} over ${window})`;
      return `${value} ${r.comparator} ${r.threshold === null ? "?" : num(r.threshold)}${pending}`;
    }
  }
}
