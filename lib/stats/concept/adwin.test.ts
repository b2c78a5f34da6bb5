import { describe, expect, it } from "vitest";
import { adwin, adwinBucketCount, type AdwinState } from "./adwin";
import type { Level } from "./types";

function feed(stream: number[], state: AdwinState = adwin.init()): Level[] {
  return stream.map((x) => adwin.update(state, x === 1));
}

const repeat = (x: number, n: number) => Array<number>(n).fill(x);

describe("ADWIN: the exponential histogram", () => {
  it("merges the two oldest buckets of a full row into the next row", () => {
    // Six outcomes 1, 0, 1, 0, 0, 0: row 0 overflows (6 > 5 buckets), so 1 and 0 merge into
    // one bucket of two (total 1, squared deviations 2·0.5² = 0.5).
    const state = adwin.init();
    feed([1, 0, 1, 0, 0, 0], state);
    expect(state.totals).toEqual([[1, 0, 0, 0], [1]]);
    expect(state.variances).toEqual([[0, 0, 0, 0], [0.5]]);
    // Window: 2 errors in 6, squared deviations 2·(2/3)² + 4·(1/3)² = 4/3.
    expect(state.width).toBe(6);
    expect(state.total).toBe(2);
    expect(state.variance).toBeCloseTo(4 / 3, 12);
    expect(adwin.errorRate(state)).toBe(1 / 3);
  });

  it("cascades merges up the rows", () => {
    // 16 outcomes: row 0 keeps 4, row 1 fills to 6 at the 16th and passes a bucket of 4 up.
    const state = adwin.init();
    feed(repeat(1, 16), state);
    expect(state.totals).toEqual([[1, 1, 1, 1], [2, 2, 2, 2], [4]]);
    expect(adwinBucketCount(state)).toBe(9);
  });

  it("keeps O(log n) buckets: fewer than 100 after 100,000 outcomes", () => {
    const state = adwin.init();
    let seed = 7;
    for (let i = 0; i < 100_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      adwin.update(state, seed / 2147483648 < 0.1);
    }
    // At most maxBuckets buckets per row and log2(100,000 / 5) + 1 ≈ 15 rows.
    expect(adwinBucketCount(state)).toBeLessThan(100);
    expect(state.totals.every((row) => row.length <= 5)).toBe(true);
    expect(state.width).toBe(100_000); // a stationary stream keeps its whole window
    expect(JSON.stringify(state).length).toBeLessThan(4000);
  });
});

describe("ADWIN: change detection", () => {
  it("finds a rise at the first check after it, and says it went up", () => {
    // 32 correct outcomes then 32 errors. The check at outcome 32 sees a constant window; the one
    // at outcome 64 (index 63) can cut the window in half: n0 = n1 = 32, |µ0 − µ1| = 1,
    // σ² = 1/4, ln(2 ln 64 / 0.002) = 8.333, m = 2/28, ε = √(2·m·σ²·8.333) + (2/3)·8.333·m
    // = 0.546 + 0.397 = 0.942 < 1.
    const ls = feed([...repeat(0, 32), ...repeat(1, 32)]);
    expect(ls.indexOf("drift")).toBe(63);
    expect(ls.filter((l) => l === "drift")).toHaveLength(1);
  });

  it("reports a fall with direction down, and drops the older part of the window", () => {
    const state = adwin.init();
    const ls = feed([...repeat(1, 32), ...repeat(0, 32)], state);
    expect(ls.indexOf("drift")).toBe(63);
    expect(state.direction).toBe(-1);
    expect(state.width).toBeLessThan(64);
    expect(state.total).toBeLessThan(32);
  });

  it("checks only every `clock` outcomes", () => {
    // 31 errors after the 32 correct: the check at 64 never comes.
    expect(feed([...repeat(0, 32), ...repeat(1, 31)])).not.toContain("drift");
    // With clock 1 the same rise is found as soon as a cut passes ε.
    const early = feed([...repeat(0, 32), ...repeat(1, 31)], adwin.init({ clock: 1 }));
    expect(early.indexOf("drift")).toBeGreaterThan(32);
    expect(early.indexOf("drift")).toBeLessThan(63);
  });

  it("needs both sub-windows longer than minWindow + 1 outcomes", () => {
    // minWindow 0, delta 1, clock 1, 20 correct outcomes then errors. After the first error
    // (n = 21) the cut [20 | 1] would pass: σ² = 20/21², ln(2 ln 21) = 1.806, m = 1/21 + 1/2,
    // ε = 0.300 + 0.659 = 0.959 < 1, but W1 holds a single outcome. After the second (n = 22)
    // the cut [20 | 2] passes with W1 long enough: ε = 0.339 + 0.463 = 0.801 < 1.
    const state = adwin.init({ minWindow: 0, delta: 1, clock: 1 });
    expect(feed([...repeat(0, 20), 1, 1], state).indexOf("drift")).toBe(21);
  });

  it("never fires on a constant stream", () => {
    expect(feed(repeat(0, 20_000))).not.toContain("drift");
    expect(feed(repeat(1, 20_000))).not.toContain("drift");
  });

  it("keeps a state that round-trips JSON exactly", () => {
    const state = adwin.init({ delta: 0.01 });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    feed([...repeat(0, 300), ...repeat(1, 100), 0, 1, 1, 0], state);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
