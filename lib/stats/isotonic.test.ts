import { describe, expect, it } from "vitest";
import fixtures from "./fixtures/isotonic.json";
import { fitIsotonic, predictIsotonic } from "./isotonic";

// Expected knots and predictions come from scikit-learn 1.2 (scripts/fixtures/isotonic_cbpe.py).

interface Case {
  name: string;
  x: number[];
  y: number[];
  weights?: number[];
  yMin: number | null;
  yMax: number | null;
  t: number[];
  knots: { x: number[]; y: number[] };
  predict: number[];
}

const cases = fixtures.isotonic as Case[];

describe("fitIsotonic / predictIsotonic against sklearn's IsotonicRegression", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const model = fitIsotonic(c.x, c.y, {
      weights: c.weights,
      yMin: c.yMin ?? -Infinity,
      yMax: c.yMax ?? Infinity,
    });
    expect(model.x).toEqual(c.knots.x);
    expect(model.y.length).toBe(c.knots.y.length);
    model.y.forEach((v, i) => expect(Math.abs(v - c.knots.y[i])).toBeLessThanOrEqual(1e-12));
    c.t.forEach((t, i) => {
      expect(Math.abs(predictIsotonic(model, t) - c.predict[i])).toBeLessThanOrEqual(1e-12);
    });
  });

  it("covers the cases that matter", () => {
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(["ties_in_x_500", "weighted_with_zeros", "single_point", "flat_runs"]),
    );
  });
});

describe("fitIsotonic by hand", () => {
  it("pools a violating pair into its weighted mean and keeps both ends of a flat run", () => {
    // (1, 0.8) and (2, 0.2) violate: pooled to 0.5 over x = 1..2; x = 3 stays at 0.9.
    const m = fitIsotonic([1, 2, 3], [0.8, 0.2, 0.9]);
    expect(m).toEqual({ x: [1, 2, 3], y: [0.5, 0.5, 0.9] });
    expect(predictIsotonic(m, 2.5)).toBeCloseTo(0.7, 15);
    expect(predictIsotonic(m, 0)).toBe(0.5); // clipped at the first knot
    expect(predictIsotonic(m, 9)).toBe(0.9); // clipped at the last knot
  });

  it("weights move the pooled value; tied x values are averaged first", () => {
    // x = 1 twice: weighted mean (0.9·1 + 0.3·3)/4 = 0.45, weight 4; then (2, 0.1) with weight 1
    // violates: (0.45·4 + 0.1)/5 = 0.38.
    const m = fitIsotonic([1, 2, 1], [0.9, 0.1, 0.3], { weights: [1, 1, 3] });
    expect(m.x).toEqual([1, 2]);
    expect(m.y[0]).toBeCloseTo(0.38, 15);
    expect(m.y[1]).toBeCloseTo(0.38, 15);
  });

  it("drops the inner points of a flat run", () => {
    const m = fitIsotonic([1, 2, 3, 4, 5], [0, 0, 0, 0, 1]);
    // x = 2 and 3 have equal neighbours on both sides; x = 4 starts the rise to x = 5.
    expect(m).toEqual({ x: [1, 4, 5], y: [0, 0, 1] });
  });

  it("clips fitted values into [yMin, yMax] (default [0, 1])", () => {
    expect(fitIsotonic([1, 2], [-0.5, 1.5]).y).toEqual([0, 1]);
    expect(fitIsotonic([1, 2], [-0.5, 1.5], { yMin: -Infinity, yMax: Infinity }).y).toEqual([
      -0.5, 1.5,
    ]);
  });

  it("skips non-finite pairs and non-positive weights; refuses when nothing is left", () => {
    const m = fitIsotonic([1, NaN, 2, 3], [0.2, 0.5, 0.4, 0.9], { weights: [1, 1, 1, 0] });
    expect(m).toEqual({ x: [1, 2], y: [0.2, 0.4] });
    expect(() => fitIsotonic([NaN], [1])).toThrow(/no pair/);
    expect(() => fitIsotonic([1, 2], [1])).toThrow(/differ in length/);
  });
});
