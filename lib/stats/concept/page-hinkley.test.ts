import { describe, expect, it } from "vitest";
import { pageHinkley, type PageHinkleyState } from "./page-hinkley";
import type { Level } from "./types";

function levels(stream: number[], state: PageHinkleyState): Level[] {
  return stream.map((x) => pageHinkley.update(state, x === 1));
}

describe("Page-Hinkley", () => {
  it("fires where the arithmetic says", () => {
    // delta 0, alpha 1, threshold 1: after 0, 0, 0 the sum and its minimum are 0; the 1 at
    // index 3 makes the mean 1/4 and the sum 3/4; the 1 at index 4 makes the mean 2/5 and
    // the sum 3/4 + 3/5 = 1.35 > 1.
    const state = pageHinkley.init({ threshold: 1, delta: 0, alpha: 1, minOutcomes: 1 });
    expect(levels([0, 0, 0, 1, 1], state)).toEqual([
      "stable",
      "stable",
      "stable",
      "stable",
      "drift",
    ]);
    expect(state).toMatchObject({ n: 0, errors: 0, sum: 0, seen: 5, level: 2, direction: 1 });
  });

  it("waits for minOutcomes", () => {
    // Same stream: the sum passes 1 at the 5th outcome but is only judged from the 6th
    // (sum 1.35 + (1 − 1/2) = 1.85).
    const state = pageHinkley.init({ threshold: 1, delta: 0, alpha: 1, minOutcomes: 6 });
    expect(levels([0, 0, 0, 1, 1, 1], state).indexOf("drift")).toBe(5);
  });

  it("forgets old deviations with alpha < 1", () => {
    // alpha 0.5: 0.75, then 0.375 + 0.6 = 0.975, then 0.4875 + 0.5 = 0.9875, then
    // 0.49375 + 3/7 = 0.922…: the sum settles below the threshold of 1.
    const state = pageHinkley.init({ threshold: 1, delta: 0, alpha: 0.5, minOutcomes: 1 });
    expect(levels([0, 0, 0, ...Array<number>(20).fill(1)], state)).not.toContain("drift");
  });

  it("tolerates changes smaller than delta", () => {
    // delta 0.5: each deviation is reduced by 0.5 and the run of errors never builds up a sum.
    const state = pageHinkley.init({ threshold: 1, delta: 0.5, alpha: 1, minOutcomes: 1 });
    expect(levels([0, 0, 0, 1, 1, 1, 1, 1], state)).not.toContain("drift");
  });

  it("does not fire on a falling error rate", () => {
    const state = pageHinkley.init({ threshold: 5 });
    expect(
      levels([...Array<number>(200).fill(1), ...Array<number>(2000).fill(0)], state),
    ).not.toContain("drift");
  });

  it("never fires on a constant stream", () => {
    expect(levels(Array<number>(20_000).fill(0), pageHinkley.init())).not.toContain("drift");
    expect(levels(Array<number>(20_000).fill(1), pageHinkley.init())).not.toContain("drift");
  });

  it("keeps a state that round-trips JSON exactly, with its error rate", () => {
    const state = pageHinkley.init();
    expect(pageHinkley.errorRate(state)).toBeNull();
    levels([1, 0, 1, 0, 0, 0, 1, 0], state);
    expect(pageHinkley.errorRate(state)).toBe(3 / 8);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
