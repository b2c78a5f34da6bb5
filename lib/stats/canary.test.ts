import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyseStep,
  DEFAULT_ANALYSIS,
  type ArmSample,
  type CheckName,
  type Requirements,
} from "./canary";

/** n latencies spread evenly over [from, to): deterministic, tie-free. */
function spread(n: number, from: number, to: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => from + ((to - from) * i) / n);
}

function arm(over: Partial<ArmSample> = {}): ArmSample {
  return {
    latencies: spread(1000, 100, 200),
    requests: 1000,
    errors: 10,
    labeled: 0,
    correct: 0,
    ...over,
  };
}

const NO_REQUIREMENTS: Requirements = { latencyP95Ms: null, maxErrorRate: null, minAccuracy: null };

const check = (v: ReturnType<typeof analyseStep>, name: CheckName) =>
  v.checks.find((c) => c.name === name)!;

describe("analyseStep: latency", () => {
  it("a canary clearly slower than the margin allows fails", () => {
    const v = analyseStep(arm(), arm({ latencies: spread(1000, 150, 300) }), NO_REQUIREMENTS);
    const c = check(v, "latency");
    expect(c.outcome).toBe("fail");
    expect(v.outcome).toBe("fail");
    expect(c.pValue).toBeLessThan(1e-4);
    expect(c.statistic).toBeGreaterThan((1000 * 1000) / 2); // U of the canary
    expect(c.stable).toEqual({ n: 1000, median: 149.9, p95: 194.9 });
    expect(c.canary.p95).toBeCloseTo(292.35, 9);
    expect(c.reason).toBe(
      "Canary p95 latency 292 ms is more than 20 % above stable's 195 ms, and canary latencies are " +
        "significantly higher (p < 0.0001, below α = 0.05).",
    );
  });

  it("a canary significantly but only slightly slower (within the margin) passes", () => {
    const v = analyseStep(arm(), arm({ latencies: spread(1000, 110, 220) }), NO_REQUIREMENTS);
    const c = check(v, "latency");
    expect(c.pValue).toBeLessThan(0.05);
    expect(c.canary.p95! / c.stable.p95!).toBeCloseTo(1.1, 2);
    expect(c.outcome).toBe("pass");
    expect(v.outcome).toBe("pass");
    expect(c.reason).toMatch(
      /^Canary latencies are significantly higher \(p < 0\.0001, below α = 0\.05\), but/,
    );
    expect(c.reason).toContain("but its p95 of 214 ms is within 20 % of stable's 195 ms.");
  });

  it("within the margin but over the model's latency requirement fails", () => {
    const req = { ...NO_REQUIREMENTS, latencyP95Ms: 200 };
    const v = analyseStep(arm(), arm({ latencies: spread(1000, 110, 220) }), req);
    expect(check(v, "latency").outcome).toBe("fail");
    expect(check(v, "latency").reason).toMatch(
      /^Canary p95 latency 214 ms is over the required 200 ms, and/,
    );
    // The same requirement met: the significant slowdown alone does not fail it.
    const met = analyseStep(arm(), arm({ latencies: spread(1000, 110, 220) }), {
      ...req,
      latencyP95Ms: 250,
    });
    expect(check(met, "latency").outcome).toBe("pass");
    expect(check(met, "latency").reason).toContain("under the required 250 ms");
  });

  it("a much higher p95 without a significant shift passes: both conditions are needed", () => {
    // Same bulk, a slower tail on 6 % of the canary: p95 jumps, the rank test does not move.
    const canary = spread(1000, 100, 200).map((v, i) => (i >= 940 ? v * 3 : v));
    const v = analyseStep(arm(), arm({ latencies: canary }), {
      ...NO_REQUIREMENTS,
      latencyP95Ms: 300,
    });
    const c = check(v, "latency");
    expect(c.canary.p95).toBeGreaterThan(500);
    expect(c.pValue).toBeGreaterThan(0.05);
    expect(c.outcome).toBe("pass");
    expect(c.reason).toMatch(/^Canary latencies are not significantly higher than stable's/);
  });

  it("a faster canary passes even when both arms miss the requirement: the test is one-sided", () => {
    const req = { ...NO_REQUIREMENTS, latencyP95Ms: 120 };
    const c = check(analyseStep(arm(), arm({ latencies: spread(1000, 90, 180) }), req), "latency");
    expect(c.canary.p95).toBeGreaterThan(120);
    expect(c.pValue).toBeGreaterThan(0.99);
    expect(c.outcome).toBe("pass");
  });

  it("percentiles are PostgreSQL's percentile_disc; NaN and infinite latencies are skipped", () => {
    const latencies = [...Array.from({ length: 30 }, (_, i) => 30 - i), NaN, Infinity];
    const c = check(analyseStep(arm({ latencies }), arm(), NO_REQUIREMENTS), "latency");
    // 30 values: median = the 15th (ceil(0.5·30)), p95 = the 29th (ceil(0.95·30)); numpy's
    // linear interpolation would say 15.5 and 28.55, its "lower" method 15 and 28.
    expect(c.stable).toEqual({ n: 30, median: 15, p95: 29 });
  });

  it("too few latencies on either arm is inconclusive, with the counts in the reason", () => {
    const v = analyseStep(arm(), arm({ latencies: spread(49, 500, 900) }), NO_REQUIREMENTS);
    const c = check(v, "latency");
    expect(c).toMatchObject({ outcome: "inconclusive", pValue: null, statistic: null });
    expect(c.canary.n).toBe(49);
    expect(c.reason).toBe(
      "Too few latency samples to compare latency: stable has 1000, canary 49; each needs at least 50.",
    );
    expect(v.outcome).toBe("inconclusive");
    expect(
      check(analyseStep(arm({ latencies: [] }), arm(), NO_REQUIREMENTS), "latency").stable,
    ).toEqual({ n: 0 });
    // The threshold is a setting.
    const few = analyseStep(arm(), arm({ latencies: spread(49, 100, 200) }), NO_REQUIREMENTS, {
      minSamples: 40,
    });
    expect(check(few, "latency").outcome).toBe("pass");
  });
});

describe("analyseStep: error rate", () => {
  it("an error spike fails", () => {
    const v = analyseStep(arm(), arm({ errors: 40 }), NO_REQUIREMENTS);
    const c = check(v, "error_rate");
    expect(c.outcome).toBe("fail");
    expect(c.stable).toEqual({ n: 1000, rate: 0.01 });
    expect(c.canary).toEqual({ n: 1000, rate: 0.04 });
    expect(c.statistic).toBeGreaterThan(0);
    expect(c.reason).toBe(
      "Canary error rate 4 % (40 of 1000) is significantly above stable's 1 % (p < 0.0001, below α = 0.05).",
    );
    expect(v.outcome).toBe("fail");
  });

  it("a significant rise still within the allowed error rate passes; past it fails", () => {
    const within = analyseStep(arm(), arm({ errors: 40 }), {
      ...NO_REQUIREMENTS,
      maxErrorRate: 0.05,
    });
    expect(check(within, "error_rate").outcome).toBe("pass");
    expect(check(within, "error_rate").reason).toContain("but within the allowed 5 %");
    const over = analyseStep(arm(), arm({ errors: 40 }), {
      ...NO_REQUIREMENTS,
      maxErrorRate: 0.02,
    });
    expect(check(over, "error_rate").outcome).toBe("fail");
    expect(check(over, "error_rate").reason).toContain("and over the allowed 2 %");
  });

  it("a small, insignificant rise passes; fewer errors pass", () => {
    expect(
      check(analyseStep(arm(), arm({ errors: 12 }), NO_REQUIREMENTS), "error_rate").outcome,
    ).toBe("pass");
    const better = check(analyseStep(arm(), arm({ errors: 0 }), NO_REQUIREMENTS), "error_rate");
    expect(better.outcome).toBe("pass");
    expect(better.pValue).toBeGreaterThan(0.99);
  });

  it("too few requests on either arm is inconclusive", () => {
    const c = check(
      analyseStep(arm({ requests: 30, errors: 0 }), arm(), NO_REQUIREMENTS),
      "error_rate",
    );
    expect(c).toMatchObject({ outcome: "inconclusive", pValue: null, statistic: null });
    expect(c.reason).toBe(
      "Too few requests to compare error rates: stable has 30, canary 1000; each needs at least 50.",
    );
  });

  it("no predictions on either arm (latency reported alone): skipped, the step can still pass", () => {
    const v = analyseStep(
      arm({ requests: 0, errors: 0 }),
      arm({ requests: 0, errors: 0 }),
      NO_REQUIREMENTS,
    );
    expect(check(v, "error_rate")).toMatchObject({ outcome: "skipped", pValue: null });
    expect(v.outcome).toBe("pass");
  });
});

describe("analyseStep: accuracy", () => {
  it("no labels on either arm: skipped, and the step can still pass", () => {
    const v = analyseStep(arm(), arm(), NO_REQUIREMENTS);
    const c = check(v, "accuracy");
    expect(c).toMatchObject({
      outcome: "skipped",
      pValue: null,
      statistic: null,
      stable: { n: 0 },
      canary: { n: 0 },
    });
    expect(c.reason).toBe("No labelled predictions on either arm, so accuracy was not compared.");
    expect(v.outcome).toBe("pass");
  });

  it("an accuracy drop fails", () => {
    const v = analyseStep(
      arm({ labeled: 1000, correct: 900 }),
      arm({ labeled: 1000, correct: 820 }),
      NO_REQUIREMENTS,
    );
    const c = check(v, "accuracy");
    expect(c.outcome).toBe("fail");
    expect(c.stable).toEqual({ n: 1000, rate: 0.9 });
    expect(c.canary).toEqual({ n: 1000, rate: 0.82 });
    expect(c.reason).toBe(
      "Canary accuracy 82 % (820 of 1000 right) is significantly below stable's 90 % (p < 0.0001, below α = 0.05).",
    );
    expect(v.outcome).toBe("fail");
  });

  it("a significant drop that still meets the required accuracy passes; below it fails", () => {
    const stable = arm({ labeled: 1000, correct: 900 });
    const canary = arm({ labeled: 1000, correct: 820 });
    const meets = check(
      analyseStep(stable, canary, { ...NO_REQUIREMENTS, minAccuracy: 0.8 }),
      "accuracy",
    );
    expect(meets.outcome).toBe("pass");
    expect(meets.reason).toContain("but meets the required 80 %");
    const under = check(
      analyseStep(stable, canary, { ...NO_REQUIREMENTS, minAccuracy: 0.85 }),
      "accuracy",
    );
    expect(under.outcome).toBe("fail");
    expect(under.reason).toContain("and under the required 85 %");
  });

  it("labels on one arm only, or too few, are inconclusive", () => {
    const oneArm = analyseStep(arm({ labeled: 500, correct: 450 }), arm(), NO_REQUIREMENTS);
    expect(check(oneArm, "accuracy").outcome).toBe("inconclusive");
    expect(check(oneArm, "accuracy").canary).toEqual({ n: 0 });
    expect(oneArm.outcome).toBe("inconclusive");
    const few = analyseStep(
      arm({ labeled: 500, correct: 450 }),
      arm({ labeled: 20, correct: 2 }),
      NO_REQUIREMENTS,
    );
    expect(check(few, "accuracy").reason).toBe(
      "Too few labelled predictions to compare accuracy: stable has 500, canary 20; each needs at least 50.",
    );
  });
});

describe("analyseStep: the step", () => {
  it("a failed check outweighs an inconclusive one; checks come in a fixed order", () => {
    const v = analyseStep(
      arm(),
      arm({ errors: 40, latencies: spread(10, 100, 200) }),
      NO_REQUIREMENTS,
    );
    expect(v.checks.map((c) => [c.name, c.outcome])).toEqual([
      ["latency", "inconclusive"],
      ["error_rate", "fail"],
      ["accuracy", "skipped"],
    ]);
    expect(v.outcome).toBe("fail");
  });

  it("alpha is a setting: a weaker difference fails only under a looser alpha", () => {
    const stable = arm({ errors: 10 });
    const canary = arm({ errors: 20 }); // one-sided p ≈ 0.033
    const p = check(analyseStep(stable, canary, NO_REQUIREMENTS), "error_rate").pValue!;
    expect(p).toBeGreaterThan(0.01);
    expect(p).toBeLessThan(0.05);
    expect(analyseStep(stable, canary, NO_REQUIREMENTS).outcome).toBe("fail");
    expect(analyseStep(stable, canary, NO_REQUIREMENTS, { alpha: 0.01 }).outcome).toBe("pass");
  });

  it("defaults are those of the product issue", () => {
    expect(DEFAULT_ANALYSIS).toEqual({ alpha: 0.05, latencyMargin: 0.2, minSamples: 50 });
  });

  it("rejects impossible counts and settings", () => {
    expect(() => analyseStep(arm({ errors: 1001 }), arm(), NO_REQUIREMENTS)).toThrow(
      /stable: errors \(1001\)/,
    );
    expect(() => analyseStep(arm(), arm({ correct: 1 }), NO_REQUIREMENTS)).toThrow(
      /canary: correct/,
    );
    expect(() => analyseStep(arm(), arm({ requests: -1, errors: 0 }), NO_REQUIREMENTS)).toThrow(
      RangeError,
    );
    expect(() => analyseStep(arm(), arm(), NO_REQUIREMENTS, { alpha: 0 })).toThrow(/alpha/);
    expect(() => analyseStep(arm(), arm(), NO_REQUIREMENTS, { latencyMargin: -0.1 })).toThrow(
      /latencyMargin/,
    );
    expect(() => analyseStep(arm(), arm(), NO_REQUIREMENTS, { minSamples: 0 })).toThrow(
      /minSamples/,
    );
  });
});

describe("analyseStep: properties", () => {
  const armSample = fc
    .record({
      latencies: fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { maxLength: 300 }),
      requests: fc.nat(5000),
      labeled: fc.nat(5000),
      errorShare: fc.double({ min: 0, max: 1, noNaN: true }),
      correctShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ errorShare, correctShare, ...a }) => ({
      ...a,
      errors: Math.floor(a.requests * errorShare),
      correct: Math.floor(a.labeled * correctShare),
    }));
  const share = fc.option(fc.double({ min: 0, max: 1, noNaN: true }));
  const requirements = fc.record({
    latencyP95Ms: fc.option(fc.double({ min: 0, max: 1e5, noNaN: true })),
    maxErrorRate: share,
    minAccuracy: share,
  });
  // One-sided tests of identical samples give p >= 0.5, so any sensible alpha (<= 0.5) holds.
  const settings = fc.record({
    alpha: fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
    latencyMargin: fc.double({ min: 0, max: 2, noNaN: true }),
    minSamples: fc.integer({ min: 1, max: 100 }),
  });

  it("identical arms never fail", () => {
    fc.assert(
      fc.property(armSample, requirements, settings, (a, req, s) => {
        const v = analyseStep(a, { ...a, latencies: Float64Array.from(a.latencies) }, req, s);
        return v.outcome !== "fail" && v.checks.every((c) => c.outcome !== "fail");
      }),
      { numRuns: 300 },
    );
  });
});
