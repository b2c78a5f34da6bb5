import type { z } from "zod";
import type { requirementCheck } from "@/lib/schemas/versions";

// Whether a version's eval metrics meet its model's requirements. Pure: the version page,
// the API and (later) the promotion gates all ask the same function.

export interface RequirementTargets {
  minMetricName: string | null;
  minMetricValue: number | null;
  maxErrorRate: number | null;
  latencyP95Ms: number | null;
}

type RequirementCheck = z.input<typeof requirementCheck>;

/** Metric names a pipeline may report for the error-rate and latency requirements. */
export const ERROR_RATE_METRIC = "error_rate";
export const LATENCY_P95_METRIC = "latency_p95_ms";

export function checkRequirements(
  req: RequirementTargets | null,
  metrics: Record<string, number>,
): RequirementCheck[] {
  if (!req) return [];
  const checks: RequirementCheck[] = [];
  const check = (name: string, rule: ">=" | "<=", target: number, required: boolean) => {
    const actual = typeof metrics[name] === "number" ? metrics[name] : null;
    if (actual === null && !required) return;
    const passed = actual !== null && (rule === ">=" ? actual >= target : actual <= target);
    checks.push({ name, rule, target, actual, passed });
  };
  // The named minimum is the model's quality bar: missing counts as failing.
  if (req.minMetricName && req.minMetricValue !== null)
    check(req.minMetricName, ">=", req.minMetricValue, true);
  // Offline error rate and latency are checked when the pipeline measured them.
  if (req.maxErrorRate !== null) check(ERROR_RATE_METRIC, "<=", req.maxErrorRate, false);
  if (req.latencyP95Ms !== null) check(LATENCY_P95_METRIC, "<=", req.latencyP95Ms, false);
  return checks;
}
