// The verdict of one canary step: the canary deployment's window against the stable one's, on
// latency (Mann-Whitney), error rate and accuracy (pooled two-proportion z-tests). Pure; the
// caller gathers the windows and stores the verdict.
//
// Each check fails only when the difference is both statistically significant (one-sided, the
// canary worse, p < alpha) and large enough to matter (beyond the latency margin, or past a
// requirement of the model). A check with too little data on either arm is inconclusive rather
// than passing, so a quiet canary is never promoted on silence.
//
// Percentiles are PostgreSQL's percentile_disc (the smallest value whose cumulative share
// reaches q), the definition of every exact p50/p95 the monitoring pages show, so a verdict's
// numbers agree with the charts over the same window.

import { sortedFinite } from "./drift";
import { mannWhitneyUSorted } from "./mann-whitney";
import { twoProportionZTest } from "./proportions";

export interface ArmSample {
  /** Raw latency samples (ms) in the window; NaN and ±Infinity are skipped. */
  latencies: ArrayLike<number>;
  requests: number;
  errors: number;
  /** Predictions with a label, and how many of them were right. */
  labeled: number;
  correct: number;
}

export interface AnalysisSettings {
  /** Significance level of every one-sided test. */
  alpha: number;
  /** The canary's p95 must exceed the stable p95 by more than this share to fail. */
  latencyMargin: number;
  /** Fewer samples than this on either arm leaves a check inconclusive. */
  minSamples: number;
}

export interface Requirements {
  latencyP95Ms: number | null;
  maxErrorRate: number | null;
  minAccuracy: number | null;
}

export type CheckName = "latency" | "error_rate" | "accuracy";

export interface ArmSummary {
  n: number;
  median?: number;
  p95?: number;
  rate?: number;
}

export interface CheckResult {
  name: CheckName;
  /** skipped: no data at all on either arm (accuracy without labels). */
  outcome: "pass" | "fail" | "inconclusive" | "skipped";
  /** One plain sentence, with the numbers, for the rollout page. */
  reason: string;
  stable: ArmSummary;
  canary: ArmSummary;
  pValue: number | null;
  /** Mann-Whitney U of the canary, or the z of canary against stable. */
  statistic: number | null;
}

export interface StepVerdict {
  outcome: "pass" | "fail" | "inconclusive";
  checks: CheckResult[];
}

export const DEFAULT_ANALYSIS: AnalysisSettings = {
  alpha: 0.05,
  latencyMargin: 0.2,
  minSamples: 50,
};

/**
 * Compare the canary's window with the stable one's. Any failed check fails the step; otherwise
 * any inconclusive check makes it inconclusive; otherwise it passes (skipped checks count for
 * nothing). Throws a RangeError on impossible counts or settings.
 */
export function analyseStep(
  stable: ArmSample,
  canary: ArmSample,
  req: Requirements,
  settings: Partial<AnalysisSettings> = {},
): StepVerdict {
  const s: AnalysisSettings = { ...DEFAULT_ANALYSIS, ...settings };
  checkSettings(s);
  checkCounts(stable, "stable");
  checkCounts(canary, "canary");
  const checks = [
    latencyCheck(stable, canary, req, s),
    errorRateCheck(stable, canary, req, s),
    accuracyCheck(stable, canary, req, s),
  ];
  const outcome = checks.some((c) => c.outcome === "fail")
    ? "fail"
    : checks.some((c) => c.outcome === "inconclusive")
      ? "inconclusive"
      : "pass";
  return { outcome, checks };
}

function checkSettings({ alpha, latencyMargin, minSamples }: AnalysisSettings) {
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  if (!(latencyMargin >= 0 && Number.isFinite(latencyMargin)))
    throw new RangeError(`latencyMargin must be a finite share >= 0, got ${latencyMargin}`);
  if (!(Number.isInteger(minSamples) && minSamples >= 1))
    throw new RangeError(`minSamples must be a positive integer, got ${minSamples}`);
}

function checkCounts(arm: ArmSample, name: string) {
  const count = (v: number) => Number.isInteger(v) && v >= 0;
  if (!(count(arm.requests) && count(arm.errors) && arm.errors <= arm.requests))
    throw new RangeError(
      `${name}: errors (${arm.errors}) must be whole and within requests (${arm.requests})`,
    );
  if (!(count(arm.labeled) && count(arm.correct) && arm.correct <= arm.labeled))
    throw new RangeError(
      `${name}: correct (${arm.correct}) must be whole and within labeled (${arm.labeled})`,
    );
}

// ---------------------------------------------------------------------------------------------
// Latency

/** PostgreSQL's percentile_disc over ascending values: the first whose cumulative share reaches q. */
function percentileDisc(sorted: Float64Array, q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

function latencySummary(sorted: Float64Array): ArmSummary {
  if (sorted.length === 0) return { n: 0 };
  return {
    n: sorted.length,
    median: percentileDisc(sorted, 0.5),
    p95: percentileDisc(sorted, 0.95),
  };
}

function latencyCheck(
  stable: ArmSample,
  canary: ArmSample,
  req: Requirements,
  s: AnalysisSettings,
): CheckResult {
  const st = sortedFinite(stable.latencies);
  const ca = sortedFinite(canary.latencies);
  const base = { name: "latency" as const, stable: latencySummary(st), canary: latencySummary(ca) };
  if (st.length < s.minSamples || ca.length < s.minSamples)
    return {
      ...base,
      outcome: "inconclusive",
      reason: tooFew("latency samples to compare latency", st.length, ca.length, s.minSamples),
      pValue: null,
      statistic: null,
    };
  const { u, pValue } = mannWhitneyUSorted(ca, st, "greater");
  const stableP95 = base.stable.p95!;
  const canaryP95 = base.canary.p95!;
  const overMargin = canaryP95 > stableP95 * (1 + s.latencyMargin);
  const overRequirement = req.latencyP95Ms !== null && canaryP95 > req.latencyP95Ms;
  const significant = pValue < s.alpha;
  let outcome: CheckResult["outcome"] = "pass";
  let reason: string;
  if (!significant) {
    reason = `Canary latencies are not significantly higher than stable's (p95 ${ms(canaryP95)} vs ${ms(stableP95)}; ${pText(pValue, s.alpha)}).`;
  } else if (overMargin || overRequirement) {
    outcome = "fail";
    const why = [
      overMargin ? `more than ${percent(s.latencyMargin)} above stable's ${ms(stableP95)}` : null,
      overRequirement ? `over the required ${ms(req.latencyP95Ms!)}` : null,
    ].filter(Boolean);
    reason =
      `Canary p95 latency ${ms(canaryP95)} is ${why.join(" and ")}, and canary latencies are ` +
      `significantly higher (${pText(pValue, s.alpha)}).`;
  } else {
    const limits = [`within ${percent(s.latencyMargin)} of stable's ${ms(stableP95)}`];
    if (req.latencyP95Ms !== null) limits.push(`under the required ${ms(req.latencyP95Ms)}`);
    reason =
      `Canary latencies are significantly higher (${pText(pValue, s.alpha)}), but its p95 ` +
      `of ${ms(canaryP95)} is ${limits.join(" and ")}.`;
  }
  return { ...base, outcome, reason, pValue, statistic: u };
}

// ---------------------------------------------------------------------------------------------
// Error rate and accuracy

/** What tells the error-rate and accuracy checks apart; the test and its verdict are shared. */
interface ProportionSpec {
  name: "error_rate" | "accuracy";
  trials: (a: ArmSample) => number;
  /** The outcomes that make an arm worse: failed requests, or wrong predictions. */
  worse: (a: ArmSample) => number;
  /** The share a person reads: the error rate, or the accuracy. */
  shown: (a: ArmSample) => number;
  /** "Canary error rate 1 % (1 of 100)". */
  describe: (share: number, a: ArmSample) => string;
  skipped: string;
  tooFew: string;
  /** Which way "worse" moves the shown share. */
  direction: "above" | "below";
  /** The model's bound, whether a share breaks it, and how either reads. */
  limit: number | null;
  breaks: (share: number, limit: number) => boolean;
  words: { breaks: string; keeps: string };
}

function proportionCheck(
  stable: ArmSample,
  canary: ArmSample,
  spec: ProportionSpec,
  s: AnalysisSettings,
): CheckResult {
  const summary = (a: ArmSample): ArmSummary =>
    spec.trials(a) === 0 ? { n: 0 } : { n: spec.trials(a), rate: spec.shown(a) };
  const base = { name: spec.name, stable: summary(stable), canary: summary(canary) };
  const none = { pValue: null, statistic: null };
  if (spec.trials(stable) === 0 && spec.trials(canary) === 0)
    return { ...base, ...none, outcome: "skipped", reason: spec.skipped };
  if (spec.trials(stable) < s.minSamples || spec.trials(canary) < s.minSamples)
    return {
      ...base,
      ...none,
      outcome: "inconclusive",
      reason: tooFew(spec.tooFew, spec.trials(stable), spec.trials(canary), s.minSamples),
    };
  const { z, pValue } = twoProportionZTest(
    { successes: spec.worse(canary), trials: spec.trials(canary) },
    { successes: spec.worse(stable), trials: spec.trials(stable) },
    "greater",
  );
  const c = base.canary.rate!;
  const rates = spec.describe(c, canary);
  const against = `stable's ${percent(base.stable.rate!)}`;
  const p = pText(pValue, s.alpha);
  const { limit, direction, words } = spec;
  let outcome: CheckResult["outcome"] = "pass";
  let reason: string;
  if (pValue >= s.alpha) reason = `${rates} is not significantly ${direction} ${against} (${p}).`;
  else if (limit === null || spec.breaks(c, limit)) {
    outcome = "fail";
    const beyond = limit === null ? "" : ` and ${words.breaks} ${percent(limit)}`;
    reason = `${rates} is significantly ${direction} ${against} (${p})${beyond}.`;
  } else
    reason = `${rates} is significantly ${direction} ${against} (${p}), but ${words.keeps} ${percent(limit)}.`;
  return { ...base, outcome, reason, pValue, statistic: z };
}

function errorRateCheck(
  stable: ArmSample,
  canary: ArmSample,
  req: Requirements,
  s: AnalysisSettings,
): CheckResult {
  return proportionCheck(
    stable,
    canary,
    {
      name: "error_rate",
      trials: (a) => a.requests,
      worse: (a) => a.errors,
      shown: (a) => a.errors / a.requests,
      describe: (c, a) => `Canary error rate ${percent(c)} (${a.errors} of ${a.requests})`,
      // A server that reports latency only (no predictions) gives nothing to judge errors on.
      skipped:
        "Neither deployment logged predictions in the window, so error rates were not compared.",
      tooFew: "requests to compare error rates",
      direction: "above",
      limit: req.maxErrorRate,
      breaks: (c, limit) => c > limit,
      words: { breaks: "over the allowed", keeps: "within the allowed" },
    },
    s,
  );
}

function accuracyCheck(
  stable: ArmSample,
  canary: ArmSample,
  req: Requirements,
  s: AnalysisSettings,
): CheckResult {
  return proportionCheck(
    stable,
    canary,
    {
      name: "accuracy",
      trials: (a) => a.labeled,
      // "Canary worse" is a larger share of wrong predictions.
      worse: (a) => a.labeled - a.correct,
      shown: (a) => a.correct / a.labeled,
      describe: (c, a) => `Canary accuracy ${percent(c)} (${a.correct} of ${a.labeled} right)`,
      skipped: "No labelled predictions on either arm, so accuracy was not compared.",
      tooFew: "labelled predictions to compare accuracy",
      direction: "below",
      limit: req.minAccuracy,
      breaks: (c, limit) => c < limit,
      words: { breaks: "under the required", keeps: "meets the required" },
    },
    s,
  );
}

// ---------------------------------------------------------------------------------------------
// Wording

function tooFew(what: string, stable: number, canary: number, min: number): string {
  return `Too few ${what}: stable has ${stable}, canary ${canary}; each needs at least ${min}.`;
}

/** Three significant digits keep sub-millisecond latencies readable and large ones whole. */
function ms(v: number): string {
  return `${Math.abs(v) >= 1000 ? Math.round(v) : Number(v.toPrecision(3))} ms`;
}

function percent(share: number): string {
  return `${Number((share * 100).toPrecision(3))} %`;
}

function pText(p: number, alpha: number): string {
  const shown = p < 1e-4 ? "p < 0.0001" : `p = ${Number(p.toPrecision(3))}`;
  return `${shown}, ${p < alpha ? "below" : "not below"} α = ${alpha}`;
}
