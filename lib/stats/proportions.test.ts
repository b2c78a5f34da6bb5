// Expected values come from SciPy 1.10 (lib/stats/fixtures/canary-stats.json). Regenerate them,
// from the repository root, with Debian's Python: /usr/bin/python3 scripts/fixtures/canary_stats.py
import { describe, expect, it } from "vitest";
import fixtures from "./fixtures/canary-stats.json";
import type { Alternative } from "./mann-whitney";
import { twoProportionZTest } from "./proportions";

const ALTERNATIVES: Alternative[] = ["greater", "less", "two-sided"];

describe("twoProportionZTest against statsmodels' proportions_ztest (via scipy.stats.norm)", () => {
  it("the fixtures cover zero successes, all successes and unequal sizes", () => {
    const cases = fixtures.proportions;
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(cases.some((c) => c.a.successes === 0 || c.b.successes === 0)).toBe(true);
    expect(cases.some((c) => c.a.successes === c.a.trials || c.b.successes === c.b.trials)).toBe(
      true,
    );
    expect(cases.some((c) => c.a.trials !== c.b.trials)).toBe(true);
  });

  for (const c of fixtures.proportions) {
    const { a, b } = c;
    it(`${a.successes}/${a.trials} vs ${b.successes}/${b.trials} (${c.note})`, () => {
      for (const alternative of ALTERNATIVES) {
        const e = c.expected[alternative as keyof typeof c.expected];
        const r = twoProportionZTest(a, b, alternative);
        const zTol = 1e-9 * Math.max(Math.abs(e.z), 1);
        expect(Math.abs(r.z - e.z), `${alternative} z: ${r.z} vs ${e.z}`).toBeLessThanOrEqual(zTol);
        expect(
          Math.abs(r.pValue - e.pValue),
          `${alternative} p: ${r.pValue} vs ${e.pValue}`,
        ).toBeLessThanOrEqual(1e-9);
      }
    });
  }
});

describe("twoProportionZTest by hand", () => {
  it("10/100 against 5/100", () => {
    // Pooled p = 15/200 = 0.075; se = √(0.075 · 0.925 · 0.02) ≈ 0.037249; z = 0.05/se ≈ 1.342312,
    // 1 − Φ(z) ≈ 0.089747 (normal table).
    const r = twoProportionZTest(
      { successes: 10, trials: 100 },
      { successes: 5, trials: 100 },
      "greater",
    );
    expect(r.z).toBeCloseTo(0.05 / Math.sqrt(0.075 * 0.925 * 0.02), 12);
    expect(r.z).toBeCloseTo(1.342312, 6);
    expect(r.pValue).toBeCloseTo(0.089747, 6);
  });

  it("the alternatives are tails of one z", () => {
    const a = { successes: 37, trials: 400 };
    const b = { successes: 21, trials: 380 };
    const g = twoProportionZTest(a, b, "greater");
    const l = twoProportionZTest(a, b, "less");
    const t = twoProportionZTest(a, b, "two-sided");
    expect(g.pValue + l.pValue).toBeCloseTo(1, 14);
    expect(t.pValue).toBeCloseTo(2 * Math.min(g.pValue, l.pValue), 14);
    expect(twoProportionZTest(b, a, "less").pValue).toBe(g.pValue);
  });

  it("no variance (nothing or everything succeeded on both sides): z = 0, p = 1", () => {
    for (const alternative of ALTERNATIVES) {
      expect(
        twoProportionZTest(
          { successes: 0, trials: 10 },
          { successes: 0, trials: 900 },
          alternative,
        ),
      ).toEqual({
        z: 0,
        pValue: 1,
      });
      expect(
        twoProportionZTest({ successes: 5, trials: 5 }, { successes: 7, trials: 7 }, alternative),
      ).toEqual({
        z: 0,
        pValue: 1,
      });
    }
  });
});

describe("twoProportionZTest rejects impossible counts", () => {
  it.each([
    [{ successes: 0, trials: 0 }, /a.trials must be a positive integer, got 0/],
    [{ successes: 1, trials: 2.5 }, /a.trials/],
    [{ successes: 3, trials: 2 }, /a.successes must be an integer from 0 to 2, got 3/],
    [{ successes: -1, trials: 2 }, /a.successes/],
    [{ successes: 0.5, trials: 2 }, /a.successes/],
    [{ successes: NaN, trials: 2 }, /a.successes/],
  ])("%o", (a, message) => {
    expect(() => twoProportionZTest(a, { successes: 1, trials: 10 }, "greater")).toThrow(
      RangeError,
    );
    expect(() => twoProportionZTest(a, { successes: 1, trials: 10 }, "greater")).toThrow(message);
  });

  it("in either sample", () => {
    expect(() =>
      twoProportionZTest({ successes: 1, trials: 10 }, { successes: 11, trials: 10 }, "less"),
    ).toThrow(/b.successes/);
  });
});
