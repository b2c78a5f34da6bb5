import { describe, expect, it } from "vitest";
import {
  estimatePerformance,
  fitCbpe,
  realizedPerformance,
  type CbpeModel,
  type Estimate,
} from "./cbpe";
import type { Category, Value } from "./drift";
import fixtures from "./fixtures/isotonic.json";
import { mulberry32 } from "./random";

const rng = mulberry32;

interface Labelled {
  prediction: number[];
  target: number[];
  confidence: number[];
}

/**
 * n binary rows: confidence from `confidence(random)`, 40 % of predictions positive, and the
 * prediction correct with probability truth(c).
 */
function draw(
  random: () => number,
  opts: { n: number; confidence: (r: () => number) => number; truth?: (c: number) => number },
): Labelled {
  const truth = opts.truth ?? ((c: number) => c);
  const out: Labelled = { prediction: [], target: [], confidence: [] };
  for (let i = 0; i < opts.n; i++) {
    const c = opts.confidence(random);
    const p = random() < 0.4 ? 1 : 0;
    out.prediction.push(p);
    out.target.push(random() < truth(c) ? p : 1 - p);
    out.confidence.push(c);
  }
  return out;
}

/** Confidence uniform on [0.5, 1]: the reference. */
const uniform = (r: () => number) => 0.5 + 0.5 * r();
/** Confidence triangular on [0.5, 0.5 + 0.5·s], peaked at its middle: mean 0.5 + 0.25·s. */
const triangular = (s: number) => (r: () => number) => 0.5 + 0.25 * s * (r() + r());

const inside = (e: Estimate | null, realized: number | null) =>
  e !== null && realized !== null && e.lower <= realized && realized <= e.upper;

describe("estimatePerformance on calibrated confidences under covariate shift", () => {
  const random = rng(7);
  const model = fitCbpe(draw(random, { n: 10_000, confidence: uniform }));
  // 20 chunks of 2,000 rows, confidences ever lower: triangular with s from 1 down to 0.5, so
  // the mean confidence falls from 0.75 to 0.625.
  const chunks = Array.from({ length: 20 }, (_, k) => {
    const rows = draw(random, { n: 2000, confidence: triangular(1 - (0.5 * k) / 19) });
    return { est: estimatePerformance(model, rows), real: realizedPerformance(model, rows) };
  });

  it("the realized accuracy lies inside the 3-sigma band in at least 19 of 20 chunks", () => {
    // A 3-sigma band misses about 0.3 % of chunks by chance, and its sigma comes from the
    // reference's spread while the shifted chunks sit nearer 50 % correct (a slightly larger
    // spread); one miss in 20 is within what an honest band allows.
    const hits = chunks.filter((c) => inside(c.est.accuracy, c.real.accuracy)).length;
    expect(hits).toBeGreaterThanOrEqual(19);
  });

  it("precision, recall and F1 bands hold the realized values just as often", () => {
    for (const metric of ["precision", "recall", "f1"] as const) {
      const hits = chunks.filter((c) => inside(c.est[metric], c.real[metric])).length;
      expect(hits, metric).toBeGreaterThanOrEqual(19);
    }
  });

  it("the estimate moves with the shift and tracks the realized accuracy", () => {
    // Reference: E[c] = 0.75; the chunks' E[c] = 0.5 + 0.25·s: 0.75 down to 0.625.
    expect(Math.abs(model.reference.accuracy - 0.75)).toBeLessThan(0.01);
    const first = chunks[0].est.accuracy!.value;
    const last = chunks[19].est.accuracy!.value;
    expect(Math.abs(first - 0.75)).toBeLessThan(0.02);
    expect(Math.abs(last - 0.625)).toBeLessThan(0.02);
    expect(model.reference.accuracy - last).toBeGreaterThan(0.1);
    const meanGap =
      chunks.reduce((s, c) => s + Math.abs(c.est.accuracy!.value - c.real.accuracy!), 0) / 20;
    expect(meanGap).toBeLessThan(0.015);
  });

  it("the band is value ± 3 sampling errors, with accuracy's error std/√count", () => {
    const a = chunks[0].est.accuracy!;
    expect(a.samplingError).toBeCloseTo(model.samplingStd.accuracy / Math.sqrt(2000), 15);
    expect(a.upper - a.value).toBeCloseTo(3 * a.samplingError, 15);
    expect(a.value - a.lower).toBeCloseTo(3 * a.samplingError, 15);
  });
});

describe("the isotonic calibrator corrects an overconfident model", () => {
  // The model says c but is right with probability c³ (c = 0.8 is right 51 % of the time).
  const random = rng(11);
  const truth = (c: number) => c ** 3;
  const model = fitCbpe(draw(random, { n: 10_000, confidence: uniform, truth }));
  const chunk = draw(random, { n: 2000, confidence: triangular(0.7), truth });

  it("maps confidences to the observed rate of correct predictions", () => {
    const at = (c: number) => estimatePerformance(model, { prediction: [1], confidence: [c] });
    expect(at(0.8).accuracy!.value).toBeCloseTo(0.512, 1);
    expect(at(0.99).accuracy!.value).toBeGreaterThan(0.9);
  });

  it("the estimate follows the labels, not the raw confidence", () => {
    const est = estimatePerformance(model, chunk).accuracy!;
    const real = realizedPerformance(model, chunk).accuracy!;
    const rawMean = chunk.confidence.reduce((s, c) => s + c, 0) / chunk.confidence.length;
    expect(rawMean - real).toBeGreaterThan(0.2); // the raw confidences would be badly wrong
    expect(est.lower).toBeLessThanOrEqual(real);
    expect(real).toBeLessThanOrEqual(est.upper);
    expect(Math.abs(est.value - real)).toBeLessThan(0.03);
  });
});

// ---------------------------------------------------------------------------------------------
// Against NumPy + sklearn (scripts/fixtures/isotonic_cbpe.py)

type Num = number | "NaN" | null;
interface Expected {
  value: number;
  samplingError: number;
}
interface FixtureCase {
  name: string;
  positive: Category | null;
  reference: { prediction: Category[]; target: Category[]; confidence: Num[] };
  calibrator: { x: number[]; y: number[] };
  samplingStd: Record<string, number>;
  chunks: {
    prediction: Category[];
    confidence: Num[];
    expected: { count: number; skipped: number } & Record<string, Expected | number>;
  }[];
}

const num = (v: Num) => (v === "NaN" ? NaN : v);

describe("CBPE against the Python fixture", () => {
  const cases = fixtures.cbpe as FixtureCase[];
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const model = fitCbpe({ ...c.reference, confidence: c.reference.confidence.map(num) });
    expect(model.kind).toBe(c.positive === null ? "multiclass" : "binary");
    expect(model.positive).toBe(c.positive); // the default: the class that sorts last
    expect(model.calibrator.x).toEqual(c.calibrator.x);
    model.calibrator.y.forEach((v, i) => expect(v).toBeCloseTo(c.calibrator.y[i], 12));
    for (const [metric, std] of Object.entries(c.samplingStd)) {
      expect(model.samplingStd[metric as keyof CbpeModel["samplingStd"]]).toBeCloseTo(std, 12);
    }
    for (const chunk of c.chunks) {
      const est = estimatePerformance(model, { ...chunk, confidence: chunk.confidence.map(num) });
      expect(est.count).toBe(chunk.expected.count);
      expect(est.skipped).toBe(chunk.expected.skipped);
      for (const metric of ["accuracy", "precision", "recall", "f1"] as const) {
        const want = chunk.expected[metric] as Expected | undefined;
        if (!want) {
          expect(est[metric]).toBeNull();
          continue;
        }
        expect(Math.abs(est[metric]!.value - want.value), metric).toBeLessThan(1e-9);
        expect(Math.abs(est[metric]!.samplingError - want.samplingError), metric).toBeLessThan(
          1e-9,
        );
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-checked

/**
 * 100 rows: 40 TP and 30 TN at confidence 0.9, 10 FP and 20 FN at confidence 0.6 — so the
 * calibrator learns 0.6 → 0 (always wrong) and 0.9 → 1 (always right).
 */
function handReference(labels: [Category, Category] = [0, 1]) {
  const [neg, pos] = labels;
  const rows: [Category, Category, number, number][] = [
    [pos, pos, 0.9, 40],
    [neg, neg, 0.9, 30],
    [pos, neg, 0.6, 10],
    [neg, pos, 0.6, 20],
  ];
  const ref = { prediction: [] as Value[], target: [] as Value[], confidence: [] as number[] };
  for (const [p, t, c, k] of rows) {
    for (let i = 0; i < k; i++) {
      ref.prediction.push(p);
      ref.target.push(t);
      ref.confidence.push(c);
    }
  }
  return ref;
}

describe("fitCbpe by hand", () => {
  const model = fitCbpe(handReference());

  it("records the reference metrics and per-row spreads", () => {
    expect(model.kind).toBe("binary");
    expect(model.positive).toBe(1);
    expect(model.classes).toEqual([0, 1]);
    expect(model.calibrator).toEqual({ x: [0.6, 0.9], y: [0, 1] });
    expect(model.reference).toEqual({
      count: 100,
      accuracy: 0.7,
      precision: 0.8,
      recall: 40 / 60,
      f1: 80 / 110,
    });
    expect(model.samplingStd.accuracy).toBeCloseTo(Math.sqrt(0.7 * 0.3), 15); // 0.4583
    expect(model.samplingStd.precision).toBeCloseTo(0.4, 15); // √(0.8·0.2)
    expect(model.samplingStd.recall).toBeCloseTo(Math.sqrt(2) / 3, 15); // √(2/3·1/3)
    // F1 rows: 40 ones among 70 (TP, FP, FN), scaled by 70 / (40 + 30/2) = 14/11.
    expect(model.samplingStd.f1).toBeCloseTo((14 / 11) * Math.sqrt((4 / 7) * (3 / 7)), 15);
  });

  it("estimates a two-row chunk", () => {
    // Calibrated: 0.9 → 1, 0.75 → 0.5. TP = 1, FP = 0, FN = 0.5 (a predicted negative that is
    // positive with probability 0.5).
    const est = estimatePerformance(model, { prediction: [1, 0], confidence: [0.9, 0.75] });
    expect(est.count).toBe(2);
    expect(est.accuracy!.value).toBeCloseTo(0.75, 15);
    expect(est.precision!.value).toBeCloseTo(1, 15);
    expect(est.recall!.value).toBeCloseTo(1 / 1.5, 15);
    expect(est.f1!.value).toBeCloseTo(2 / 2.5, 15);
    expect(est.precision!.samplingError).toBeCloseTo(0.4, 15); // one predicted positive
    expect(est.recall!.samplingError).toBeCloseTo(Math.sqrt(2) / 3 / Math.sqrt(1.5), 15);
    expect(est.accuracy).toMatchObject({ lower: 0, upper: 1 }); // ±0.97, clipped
  });

  it("counts realized metrics from labels, skipping rows without one", () => {
    const r = realizedPerformance(model, {
      prediction: [1, 1, 0, 0, 1, null],
      target: [1, 0, 1, 0, undefined, 1],
    });
    expect(r).toEqual({
      count: 4,
      skipped: 2,
      accuracy: 0.5,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
    });
    expect(realizedPerformance(model, { prediction: [0, 0], target: [0, 0] })).toEqual({
      count: 2,
      skipped: 0,
      accuracy: 1,
      precision: null, // nothing predicted positive
      recall: null, // nothing actually positive
      f1: null,
    });
  });
});

describe("edge cases", () => {
  const model = fitCbpe(handReference());

  it("an empty chunk estimates nothing", () => {
    expect(estimatePerformance(model, { prediction: [], confidence: [] })).toEqual({
      count: 0,
      skipped: 0,
      accuracy: null,
      precision: null,
      recall: null,
      f1: null,
    });
  });

  it("skips confidences that are not finite numbers in [0, 1], missing and unknown predictions", () => {
    const est = estimatePerformance(model, {
      prediction: [1, 1, 1, 1, 1, null, 2, 1, 0],
      confidence: [null, NaN, 1.2, -0.1, Infinity, 0.9, 0.9, 0, 1],
    });
    expect(est.skipped).toBe(7);
    expect(est.count).toBe(2);
    // 0 and 1 are valid confidences: clipped to the calibrator's ends, 0 (→ 0) and 1 (→ 1).
    expect(est.accuracy!.value).toBe(0.5);
  });

  it("no predicted positive: precision unknown, recall and F1 still estimated", () => {
    const est = estimatePerformance(model, { prediction: [0, 0], confidence: [0.6, 0.9] });
    expect(est.precision).toBeNull();
    expect(est.recall!.value).toBe(0); // expected TP = 0, FN = 1
    expect(est.f1!.value).toBe(0);
  });

  it("refuses a reference with fewer than 100 usable rows", () => {
    const ref = handReference();
    ref.confidence[0] = NaN;
    expect(() => fitCbpe(ref)).toThrow(
      "CBPE needs at least 100 reference rows with a prediction, a target and a confidence in " +
        "[0, 1]; found 99",
    );
    const small = handReference();
    small.target[5] = null;
    expect(() => fitCbpe(small)).toThrow(/found 99/);
  });

  it("refuses a reference with a single target class", () => {
    const ref = handReference();
    ref.target = ref.target.map(() => 1);
    expect(() => fitCbpe(ref)).toThrow(
      "CBPE needs at least two target classes in the reference; found only 1",
    );
  });

  it("picks the class that sorts last as positive, unless told", () => {
    expect(fitCbpe(handReference([false, true])).positive).toBe(true);
    expect(fitCbpe(handReference(["no", "yes"])).positive).toBe("yes");
    expect(fitCbpe(handReference([9, 10])).positive).toBe(10); // numbers compare as numbers
    const told = fitCbpe(handReference(), { positive: 0 });
    expect(told.positive).toBe(0);
    expect(told.reference.precision).toBeCloseTo(30 / 50, 15); // TN become TP: 30 of 50 predicted 0
    expect(() => fitCbpe(handReference(), { positive: "1" })).toThrow(
      'Positive class "1" is not one of 0, 1',
    );
  });

  it("three classes make a multiclass model: accuracy only", () => {
    const ref = handReference();
    ref.prediction[0] = 2; // a TP row becomes a wrong prediction of class 2
    const m = fitCbpe(ref);
    expect(m.kind).toBe("multiclass");
    expect(m.positive).toBeNull();
    expect(m.reference).toMatchObject({ accuracy: 0.69, precision: null, recall: null, f1: null });
    const est = estimatePerformance(m, { prediction: [2, 0], confidence: [0.95, 0.5] });
    expect(est.count).toBe(2);
    expect(est.precision).toBeNull();
    expect(() => fitCbpe(ref, { positive: 1 })).toThrow(/binary models only/);
  });
});
