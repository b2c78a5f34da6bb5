// Expected values come from SciPy 1.10 (lib/stats/fixtures/canary-stats.json). Regenerate them,
// from the repository root, with Debian's Python: /usr/bin/python3 scripts/fixtures/canary_stats.py
import { describe, expect, it } from "vitest";
import fixtures from "./fixtures/canary-stats.json";
import { mannWhitneyU, type Alternative } from "./mann-whitney";

const ALTERNATIVES: Alternative[] = ["greater", "less", "two-sided"];

/** p-values absolute, statistics relative: both to 1e-9. */
function expectClose(actual: number, expected: number, label: string, relative = false) {
  const tol = relative ? 1e-9 * Math.max(Math.abs(expected), 1) : 1e-9;
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    tol,
  );
}

describe("mannWhitneyU against scipy.stats.mannwhitneyu (SciPy 1.10, method='auto')", () => {
  it("the fixtures cover what the contract asks for", () => {
    const cases = fixtures.mannWhitney;
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.method === "exact").length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...cases.map((c) => Math.max(c.x.length, c.y.length)))).toBe(5000);
  });

  for (const c of fixtures.mannWhitney) {
    it(`${c.name} (${c.x.length}×${c.y.length}, ${c.note})`, () => {
      for (const alternative of ALTERNATIVES) {
        const e = c.expected[alternative as keyof typeof c.expected];
        const r = mannWhitneyU(c.x, c.y, alternative);
        expect(r.method, alternative).toBe(c.method);
        expectClose(r.u, e.u, `${alternative} U`, true);
        expectClose(r.pValue, e.pValue, `${alternative} p`);
      }
    });
  }
});

describe("mannWhitneyU by hand", () => {
  it("exact: x = [1, 2] below y = [3, 4]", () => {
    // U1 = 0 and U2 = 4 = n1·n2; only 1 of the C(4, 2) = 6 arrangements puts both x lowest.
    expect(mannWhitneyU([1, 2], [3, 4], "greater")).toEqual({ u: 0, pValue: 1, method: "exact" });
    expectClose(mannWhitneyU([1, 2], [3, 4], "less").pValue, 1 / 6, "less");
    expectClose(mannWhitneyU([1, 2], [3, 4]).pValue, 2 / 6, "two-sided");
  });

  it("exact with one value against 200,000: Pr(U ≥ k) = (n − k + 1)/(n + 1)", () => {
    const n = 200_000;
    const y = Float64Array.from({ length: n }, (_, i) => i);
    const k = 180_123; // x sits above k of the y values
    const r = mannWhitneyU([k - 0.5], y, "greater");
    expect(r.method).toBe("exact");
    expect(r.u).toBe(k);
    expectClose(r.pValue, (n - k + 1) / (n + 1), "p");
  });

  it("asymptotic with a tie: x = [1, 2, 2], y = [2, 3]", () => {
    // Midranks 1, 3, 3 | 3, 5: R1 = 7, U1 = 1, U2 = 5. Three tied values: Σ(t³ − t) = 24, so
    // σ² = 2·3/12 · (6 − 24/20) = 2.4; greater: z = (1 − 3 − 0.5)/√2.4, two-sided from U2 = 5.
    const g = mannWhitneyU([1, 2, 2], [2, 3], "greater");
    expect(g.u).toBe(1);
    expect(g.method).toBe("asymptotic");
    expectClose(g.pValue, 0.9467084152125562, "greater");
    expectClose(mannWhitneyU([1, 2, 2], [2, 3]).pValue, 0.3329216080655659, "two-sided");
  });

  it("swapping the samples swaps the one-sided alternatives", () => {
    const x = [12.5, 14, 9.75, 30, 22.25, 11, 18, 16.5, 40, 25];
    const y = [10, 8.5, 13, 9, 15.5, 7, 12, 11.5, 14.5, 6];
    const xy = mannWhitneyU(x, y, "greater");
    const yx = mannWhitneyU(y, x, "less");
    expect(yx.pValue).toBe(xy.pValue);
    expect(yx.u).toBe(x.length * y.length - xy.u);
  });

  it("infinite values rank like any other; inputs are not reordered", () => {
    const x = [Infinity, 5, 3];
    expect(mannWhitneyU(x, [1, 2, -Infinity], "greater").u).toBe(9);
    expect(x).toEqual([Infinity, 5, 3]);
  });

  it("a clear shift is significant, no shift is not (200,000 lognormal latencies per side)", () => {
    let seed = 42;
    const uniform = () => ((seed = (seed * 1664525 + 1013904223) % 2 ** 32) + 0.5) / 2 ** 32;
    const latency = () =>
      100 * Math.exp(0.5 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
    const n = 200_000;
    const stable = Float64Array.from({ length: n }, latency);
    const same = Float64Array.from({ length: n }, latency);
    const slower = same.map((v) => v * 1.01);
    const started = performance.now();
    const r = mannWhitneyU(slower, stable, "greater");
    const elapsed = performance.now() - started;
    expect(r.pValue).toBeLessThan(1e-3);
    expect(mannWhitneyU(same, stable, "greater").pValue).toBeGreaterThan(0.001);
    // Well under a second on an idle machine; the bound leaves room for a busy test runner.
    expect(elapsed).toBeLessThan(2000);
  });
});

describe("mannWhitneyU rejects what SciPy rejects", () => {
  it("an empty sample", () => {
    expect(() => mannWhitneyU([], [1, 2])).toThrow(RangeError);
    expect(() => mannWhitneyU([1], [])).toThrow(/sample y is empty/);
  });

  it("NaN anywhere", () => {
    expect(() => mannWhitneyU([1, NaN, 2], [1, 2])).toThrow(/sample x holds NaN/);
    expect(() => mannWhitneyU([1], [NaN])).toThrow(RangeError);
  });
});
