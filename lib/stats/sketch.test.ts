import { describe, expect, it } from "vitest";
import { ALPHA, keyOf, merge, quantiles, sketchOf, valueOf } from "./sketch";

/** numpy.quantile(values, q, method="lower"): the value at rank floor(q · (n − 1)). */
function exactLower(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

describe("quantile sketch (pure)", () => {
  it("answers every quantile within 1 % of the exact value, on skewed data", () => {
    const rand = lcg(42);
    // Log-normal-ish latencies from 1 ms to several seconds.
    const values = Array.from({ length: 20_000 }, () =>
      Math.exp(3 + 1.2 * (rand() + rand() + rand() - 1.5)),
    );
    const sketch = sketchOf(values);
    for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const [approx] = quantiles(sketch, [q]);
      const exact = exactLower(values, q);
      expect(Math.abs(approx! - exact) / exact).toBeLessThanOrEqual(ALPHA + 1e-12);
    }
  });

  it("merging sketches equals sketching the union", () => {
    const a = [1, 2, 3, 400, 5.5];
    const b = [0, -2, -30, 7, 7, 7];
    expect(merge(sketchOf(a), sketchOf(b))).toEqual(sketchOf([...a, ...b]));
  });

  it("handles negative values and zero in order", () => {
    const values = [-100, -1, 0, 0, 1, 100];
    const s = sketchOf(values);
    const [lo, mid, hi] = quantiles(s, [0, 0.5, 1]);
    expect(lo).toBeCloseTo(-100, 0);
    expect(mid).toBe(0);
    expect(hi).toBeCloseTo(100, 0);
    expect(valueOf(keyOf(-3))).toBeCloseTo(-3, 1);
  });

  it("clamps to known bounds and answers null when empty", () => {
    expect(quantiles({}, [0.5])).toEqual([null]);
    const [p100] = quantiles(sketchOf([10, 20]), [1], { min: 10, max: 20 });
    expect(p100).toBe(20);
  });
});
