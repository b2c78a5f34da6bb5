import { describe, expect, it } from "vitest";
import { ddm, type DdmState } from "./ddm";
import type { Level } from "./types";

/** Levels after each outcome of a 0/1 stream. */
function levels(stream: number[], state: DdmState = ddm.init()): Level[] {
  return stream.map((x) => ddm.update(state, x === 1));
}

const firstIndex = (ls: Level[], level: Level) => ls.indexOf(level);

/** One error every tenth outcome (indices 9, 19, …, 299), then only errors. */
const periodicThenErrors = [
  ...Array.from({ length: 300 }, (_, i) => (i % 10 === 9 ? 1 : 0)),
  ...Array<number>(50).fill(1),
];

describe("DDM", () => {
  it("warns and fires where the arithmetic says", () => {
    // p + s is smallest just before the 30th error: n = 299, p = 29/299 = 0.096990,
    // s = √(p(1 − p)/299) = 0.017115, so warning above 0.131220 and drift above 0.148335.
    // From index 299 on every outcome is an error: at n = 305 (index 304) p = 35/305 = 0.114754,
    // s = 0.018250, p + s = 0.133004 (n = 304 gave 0.129918); at n = 311 (index 310) p + s =
    // 41/311 + 0.019186 = 0.151017 (n = 310 gave 0.148072).
    const ls = levels(periodicThenErrors);
    expect(firstIndex(ls, "warning")).toBe(304);
    expect(ls.slice(304, 310).every((l) => l === "warning")).toBe(true);
    expect(firstIndex(ls, "drift")).toBe(310);
    expect(ls.slice(0, 304).every((l) => l === "stable")).toBe(true);
  });

  it("starts afresh after a drift", () => {
    const state = ddm.init();
    levels(periodicThenErrors.slice(0, 311), state);
    expect(state).toMatchObject({ n: 0, errors: 0, psMin: -1, seen: 311, level: 2 });
    expect(ddm.errorRate(state)).toBeNull();
    // 29 more errors: below the minimum again, so nothing can fire.
    expect(levels(Array<number>(29).fill(1), state).every((l) => l === "stable")).toBe(true);
  });

  it("respects the minimum of 30 outcomes", () => {
    // 29 correct outcomes and an error: the 30th outcome sets the minimum (p = 1/30) and nothing fires.
    expect(levels([...Array<number>(29).fill(0), 1]).every((l) => l === "stable")).toBe(true);
    // 30 correct outcomes then an error: the paper's rule would set p_min = s_min = 0 and call
    // it a drift; with fewer than 5 errors nothing is judged yet.
    expect(levels([...Array<number>(30).fill(0), 1]).every((l) => l === "stable")).toBe(true);
    // Five errors in 100 outcomes, then errors only: judged from the fifth error on.
    const rare = [...Array<number>(95).fill(0), ...Array<number>(5).fill(1)];
    const judged = levels([...rare, ...Array<number>(40).fill(1)]);
    expect(judged.slice(0, 99).every((l) => l === "stable")).toBe(true);
    expect(firstIndex(judged, "drift")).toBeGreaterThan(99);
    // A run of errors after 10 correct outcomes is only judged from the 30th outcome on (the
    // minimum is taken there, so the 31st is the earliest that can fire).
    const ls = levels([...Array<number>(10).fill(0), ...Array<number>(60).fill(1)]);
    expect(ls.slice(0, 30).every((l) => l === "stable")).toBe(true);
    expect(ls.slice(30).some((l) => l !== "stable")).toBe(true);
  });

  it("honours minOutcomes from its options", () => {
    const state = ddm.init({ minOutcomes: 100 });
    expect(levels([...Array<number>(30).fill(0), 1], state).every((l) => l === "stable")).toBe(
      true,
    );
  });

  it("never fires on a constant stream", () => {
    expect(levels(Array<number>(5000).fill(0)).every((l) => l === "stable")).toBe(true);
    expect(levels(Array<number>(5000).fill(1)).every((l) => l === "stable")).toBe(true);
  });

  it("estimates the error rate since the last reset", () => {
    const state = ddm.init();
    expect(ddm.errorRate(state)).toBeNull();
    levels([1, 0, 0, 0], state);
    expect(ddm.errorRate(state)).toBe(0.25);
  });

  it("keeps a state that round-trips JSON exactly", () => {
    const state = ddm.init({ warningSigma: 1.5 });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    levels(periodicThenErrors.slice(0, 305), state);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state.options).toEqual({
      minOutcomes: 30,
      minErrors: 5,
      warningSigma: 1.5,
      driftSigma: 3,
    });
  });

  it("refuses unknown or non-finite options", () => {
    expect(() => ddm.init({ warnSigma: 2 })).toThrow(/Unknown option "warnSigma"/);
    expect(() => ddm.init({ driftSigma: Number.NaN })).toThrow(/finite/);
  });
});
