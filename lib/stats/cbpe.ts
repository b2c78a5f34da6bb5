// Confidence-based performance estimation (CBPE), after NannyML's CBPE: how well a classifier
// does on traffic whose labels have not arrived yet, from the confidence it reports with each
// prediction. Checked against scikit-learn and NumPy in lib/stats/fixtures/isotonic.json (made
// by scripts/fixtures/isotonic_cbpe.py).
//
// Stages:
// 1. fitCbpe, on a labelled reference: an isotonic calibrator (isotonic.ts) maps the model's
//    confidence in its predicted class to the probability that the prediction is correct, so a
//    model that is over- or underconfident is corrected before anything is estimated. Alongside
//    it the model keeps the reference's realized metrics and the per-row spreads needed for
//    sampling errors. Everything is plain JSON.
// 2. estimatePerformance, on an unlabelled chunk: each row's calibrated confidence c is its
//    chance of being right, so expected accuracy is mean(c). Binary: p1 = P(true = positive) is
//    c when the row predicts the positive class and 1 − c otherwise; expected TP = Σ_{pred pos} p1,
//    FP = Σ_{pred pos} (1 − p1), FN = Σ_{pred neg} p1; precision TP/(TP+FP), recall TP/(TP+FN),
//    F1 2TP/(2TP+FP+FN) (NannyML's formulas).
// 3. realizedPerformance, once labels arrive: the same metrics counted from the labels.
//
// Decisions:
// - The calibrator is always fitted (NannyML first checks by cross-validation whether it
//   helps; on an already calibrated model the isotonic fit is close to the identity anyway), on
//   the reference itself, from confidence in the predicted class to correctness — one
//   calibrator serves binary and multiclass models alike.
// - Binary or multiclass: two classes among the reference's targets and predictions make a
//   binary model, more make a multiclass one (accuracy only). The positive class defaults to the
//   one that sorts last in drift.ts's category order — numbers numerically, false before true,
//   strings by code unit — so 1 over 0, true over false, "yes" over "no".
// - Rows are skipped (and counted in `skipped`) when the prediction or target is missing (null,
//   undefined, NaN) or the confidence is not a finite number in [0, 1]; a binary model also
//   skips predictions of a class it has never seen. Nothing is clipped or guessed.
// - Sampling error, after nannyml/sampling_error/binary_classification.py: the standard
//   deviation (population, ddof 0) of a per-row indicator over the reference rows that enter
//   the metric, divided by √(the chunk's number of such rows).
//     accuracy:  correct (1/0) over all rows;                  chunk rows: all
//     precision: TP 1, FP 0 over predicted positives;           chunk rows: predicted positives
//     recall:    TP 1, FN 0 over actual positives;              chunk rows: expected TP + FN
//     F1:        TP 1, FN 0, FP 0, times NannyML's correcting factor |TP+FN+FP| / (TP + (FN+FP)/2),
//                over those rows;                               chunk rows: expected TP + FP + FN
//   NannyML scales by len(chunk) × the reference's share of such rows instead; counting them in
//   the chunk (exactly for precision, in expectation for recall and F1) keeps the error honest
//   when the chunk's class mix has shifted from the reference's, which is when CBPE matters.
// - The band is value ± 3 sampling errors, clipped to [0, 1]: about 99.7 % coverage when the
//   calibrator is right and the chunk is a random draw. Without a reference spread (no reference
//   row entered the metric) the band is the whole of [0, 1].
// - Limits: the band covers sampling noise, not calibrator error. Measured on calibrated
//   synthetic data (10,000 reference rows, 600 shifted chunks of 2,000): the realized accuracy
//   fell outside the band in 1.5 % of chunks rather than 0.3 %. And CBPE extrapolates poorly
//   where the reference is thin: the isotonic fit puts a small, noisy block at each end of the
//   confidence range, so a chunk piled up at an edge (20 % of rows within 0.001 of the lowest
//   reference confidence) came out ~3 points low, three sampling errors.

import { compareCategories, isMissing, type Category, type Value } from "./drift";
import { fitIsotonic, predictIsotonic, type IsotonicModel } from "./isotonic";

/** Fewer usable reference rows than this and fitCbpe refuses: the calibrator would be noise. */
export const MIN_REFERENCE_ROWS = 100;
/** Half-width of the band, in sampling errors. */
export const BAND_SAMPLING_ERRORS = 3;

export interface Metrics {
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface CbpeModel {
  kind: "binary" | "multiclass";
  /** Binary: the positive class; null for multiclass. */
  positive: Category | null;
  /** Every class among the reference's targets and predictions, in drift.ts's category order. */
  classes: Category[];
  /** Isotonic: confidence → P(prediction is correct), fitted on the reference. */
  calibrator: IsotonicModel;
  reference: { count: number; accuracy: number } & Omit<Metrics, "accuracy">;
  /** Per-row standard deviations on the reference (see the header); null when no row entered. */
  samplingStd: { accuracy: number } & Omit<Metrics, "accuracy">;
}

export interface Estimate {
  value: number;
  lower: number;
  upper: number;
  samplingError: number;
}

export interface PerformanceEstimate {
  count: number;
  skipped: number;
  accuracy: Estimate | null;
  precision: Estimate | null;
  recall: Estimate | null;
  f1: Estimate | null;
}

export interface RealizedPerformance extends Metrics {
  count: number;
  skipped: number;
}

interface ReferenceRows {
  prediction: ArrayLike<Value>;
  target: ArrayLike<Value>;
  confidence: ArrayLike<number | null>;
}

/** A confidence CBPE can use: a finite number in [0, 1] (NaN fails both comparisons). */
const usableConfidence = (c: unknown): c is number => typeof c === "number" && c >= 0 && c <= 1;

/** Calibrate a model's confidences and record its reference performance. */
export function fitCbpe(ref: ReferenceRows, opts: { positive?: Category } = {}): CbpeModel {
  const rows: number[] = [];
  for (let i = 0; i < ref.prediction.length; i++) {
    if (!isMissing(ref.prediction[i]) && !isMissing(ref.target[i])) {
      if (usableConfidence(ref.confidence[i])) rows.push(i);
    }
  }
  if (rows.length < MIN_REFERENCE_ROWS) {
    throw new Error(
      `CBPE needs at least ${MIN_REFERENCE_ROWS} reference rows with a prediction, a target and ` +
        `a confidence in [0, 1]; found ${rows.length}`,
    );
  }
  const targets = new Set<Category>(rows.map((i) => ref.target[i] as Category));
  if (targets.size < 2) {
    const only = String([...targets][0]);
    throw new Error(`CBPE needs at least two target classes in the reference; found only ${only}`);
  }
  const classes = [...new Set([...targets, ...rows.map((i) => ref.prediction[i] as Category)])];
  classes.sort(compareCategories);
  const kind = classes.length === 2 ? "binary" : "multiclass";
  const positive = kind === "binary" ? choosePositive(classes, opts.positive) : null;
  if (kind === "multiclass" && opts.positive !== undefined) {
    throw new Error(
      `A positive class applies to binary models only; found ${classes.length} classes`,
    );
  }

  const confidence = rows.map((i) => ref.confidence[i] as number);
  const correct = rows.map((i) => (ref.prediction[i] === ref.target[i] ? 1 : 0));
  const counts = confusion(positive, {
    prediction: rows.map((i) => ref.prediction[i] as Category),
    target: rows.map((i) => ref.target[i] as Category),
  });
  const metrics = metricsOf(counts, kind === "binary");
  return {
    kind,
    positive,
    classes,
    calibrator: fitIsotonic(confidence, correct, { yMin: 0, yMax: 1 }),
    reference: { ...metrics, count: rows.length, accuracy: metrics.accuracy! },
    samplingStd: samplingStds(counts, kind === "binary"),
  };
}

function choosePositive(classes: Category[], positive: Category | undefined): Category {
  if (positive === undefined) return classes[1];
  if (!classes.includes(positive)) {
    const known = classes.map((c) => JSON.stringify(c)).join(", ");
    throw new Error(`Positive class ${JSON.stringify(positive)} is not one of ${known}`);
  }
  return positive;
}

/** Counts over labelled rows: correct, and for a binary model TP, FP, FN. */
interface Confusion {
  count: number;
  correct: number;
  tp: number;
  fp: number;
  fn: number;
}

function confusion(
  positive: Category | null,
  rows: { prediction: Category[]; target: Category[] },
): Confusion {
  const c: Confusion = { count: rows.prediction.length, correct: 0, tp: 0, fp: 0, fn: 0 };
  rows.prediction.forEach((p, i) => {
    const t = rows.target[i];
    if (p === t) c.correct++;
    if (p === positive) {
      if (t === positive) c.tp++;
      else c.fp++;
    } else if (t === positive) {
      c.fn++;
    }
  });
  return c;
}

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

function metricsOf(c: Confusion, binary: boolean): Metrics {
  return {
    accuracy: ratio(c.correct, c.count),
    precision: binary ? ratio(c.tp, c.tp + c.fp) : null,
    recall: binary ? ratio(c.tp, c.tp + c.fn) : null,
    f1: binary ? ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn) : null,
  };
}

/** Population standard deviation of `ones` ones among `n` values (all others 0); null if n = 0. */
function indicatorStd(ones: number, n: number): number | null {
  if (n <= 0) return null;
  const p = ones / n;
  return Math.sqrt(p * (1 - p));
}

function samplingStds(c: Confusion, binary: boolean): CbpeModel["samplingStd"] {
  const accuracy = indicatorStd(c.correct, c.count)!;
  if (!binary) return { accuracy, precision: null, recall: null, f1: null };
  const relevant = c.tp + c.fn + c.fp;
  // NannyML scales the F1 rows so that their mean is the F1 score itself.
  const factor = relevant / ((c.fn + c.fp) * 0.5 + c.tp);
  const f1Std = indicatorStd(c.tp, relevant);
  return {
    accuracy,
    precision: indicatorStd(c.tp, c.tp + c.fp),
    recall: indicatorStd(c.tp, c.tp + c.fn),
    f1: f1Std === null ? null : factor * f1Std,
  };
}

/** Estimated accuracy (and binary precision, recall, F1) of a chunk without labels. */
export function estimatePerformance(
  model: CbpeModel,
  cur: { prediction: ArrayLike<Value>; confidence: ArrayLike<number | null> },
): PerformanceEstimate {
  const binary = model.kind === "binary";
  let count = 0;
  let skipped = 0;
  let sumCalibrated = 0;
  let predictedPositive = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < cur.prediction.length; i++) {
    const p = cur.prediction[i];
    const c = cur.confidence[i];
    if (isMissing(p) || !usableConfidence(c) || (binary && !model.classes.includes(p))) {
      skipped++;
      continue;
    }
    const calibrated = predictIsotonic(model.calibrator, c);
    count++;
    sumCalibrated += calibrated;
    if (!binary) continue;
    if (p === model.positive) {
      predictedPositive++;
      tp += calibrated;
      fp += 1 - calibrated;
    } else {
      fn += 1 - calibrated;
    }
  }
  const std = model.samplingStd;
  const out: PerformanceEstimate = {
    count,
    skipped,
    accuracy: band(ratio(sumCalibrated, count), { std: std.accuracy, rows: count }),
    precision: null,
    recall: null,
    f1: null,
  };
  if (!binary) return out;
  out.precision = band(ratio(tp, tp + fp), { std: std.precision, rows: predictedPositive });
  out.recall = band(ratio(tp, tp + fn), { std: std.recall, rows: tp + fn });
  out.f1 = band(ratio(2 * tp, 2 * tp + fp + fn), { std: std.f1, rows: tp + fp + fn });
  return out;
}

/** value ± 3 sampling errors, clipped to [0, 1]; an unknown spread gives the whole range. */
function band(value: number | null, spread: { std: number | null; rows: number }): Estimate | null {
  if (value === null) return null;
  const samplingError =
    spread.std === null || !(spread.rows > 0) ? Infinity : spread.std / Math.sqrt(spread.rows);
  const half = BAND_SAMPLING_ERRORS * samplingError;
  return {
    value,
    lower: Math.max(0, value - half),
    upper: Math.min(1, value + half),
    samplingError,
  };
}

/** Metrics counted from labels (rows with a missing prediction or target are skipped). */
export function realizedPerformance(
  model: CbpeModel,
  rows: { prediction: ArrayLike<Value>; target: ArrayLike<Value> },
): RealizedPerformance {
  const prediction: Category[] = [];
  const target: Category[] = [];
  for (let i = 0; i < rows.prediction.length; i++) {
    const p = rows.prediction[i];
    const t = rows.target[i];
    if (isMissing(p) || isMissing(t)) continue;
    prediction.push(p);
    target.push(t);
  }
  const counts = confusion(model.positive, { prediction, target });
  return {
    count: counts.count,
    skipped: rows.prediction.length - counts.count,
    ...metricsOf(counts, model.kind === "binary"),
  };
}
