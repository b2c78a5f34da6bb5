// Increasing isotonic regression, as scikit-learn's
// `IsotonicRegression(increasing=True, out_of_bounds="clip", y_min=0, y_max=1)` fits and predicts
// (sklearn 1.2, checked in lib/stats/fixtures/isotonic.json, made by
// scripts/fixtures/isotonic_cbpe.py). CBPE (cbpe.ts) uses it to map a model's confidence to the
// probability that the prediction is correct.
//
// Fitting follows sklearn step by step so the knots agree to the last bit:
// 1. drop pairs with a weight <= 0 (and, here, pairs with a non-finite x, y or weight, which
//    sklearn would reject);
// 2. sort by x, then y (numpy.lexsort((y, x))), and pool tied x values into one point: the
//    weighted mean of their y, the sum of their weights (sklearn's _make_unique, which treats x
//    values closer than 1e-15 as one);
// 3. pool adjacent violators (sklearn's single-pass PAVA with backtracking), then clip the
//    fitted values into [yMin, yMax];
// 4. keep only the knots where the fitted step function changes: every point whose value
//    differs from one of its neighbours, plus both ends (sklearn's trim_duplicates) — dropping
//    the inner points of a flat run changes no linear interpolation.
// Prediction clips x into [first knot, last knot] and interpolates linearly between knots
// (numpy.interp, which scipy's interp1d delegates to): a single knot predicts its value.
//
// The model is plain JSON ({ x, y }), so it can be stored and applied without refitting.

export interface IsotonicModel {
  /** Knot positions, strictly increasing. */
  x: number[];
  /** Fitted values at the knots, non-decreasing. */
  y: number[];
}

export interface IsotonicOptions {
  /** Per-pair weights (default 1). */
  weights?: ArrayLike<number>;
  /** Lower bound of the fitted values (default 0; -Infinity for none). */
  yMin?: number;
  /** Upper bound of the fitted values (default 1; Infinity for none). */
  yMax?: number;
}

/** numpy.finfo(float64).resolution: sklearn pools x values closer than this. */
const X_RESOLUTION = 1e-15;

/** Fit an increasing isotonic regression of y on x. Throws when no usable pair remains. */
export function fitIsotonic(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: IsotonicOptions = {},
): IsotonicModel {
  if (x.length !== y.length) throw new Error("fitIsotonic: x and y differ in length");
  const { weights, yMin = 0, yMax = 1 } = options;
  if (weights && weights.length !== x.length) {
    throw new Error("fitIsotonic: weights and x differ in length");
  }
  const order: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const w = weights ? weights[i] : 1;
    if (Number.isFinite(x[i]) && Number.isFinite(y[i]) && Number.isFinite(w) && w > 0) {
      order.push(i);
    }
  }
  if (!order.length) throw new Error("fitIsotonic: no pair with finite x, y and positive weight");
  order.sort((a, b) => x[a] - x[b] || y[a] - y[b]);

  const pooled = poolTies(order, { x, y, weights });
  pava(pooled.y, pooled.w);
  for (let i = 0; i < pooled.y.length; i++) {
    pooled.y[i] = Math.min(Math.max(pooled.y[i], yMin), yMax);
  }
  return trimFlatRuns(pooled.x, pooled.y);
}

/** sklearn's _make_unique: one point per distinct x, weighted mean y, summed weight. */
function poolTies(
  order: number[],
  data: { x: ArrayLike<number>; y: ArrayLike<number>; weights?: ArrayLike<number> },
): { x: number[]; y: number[]; w: number[] } {
  const out = { x: [] as number[], y: [] as number[], w: [] as number[] };
  let currentX = data.x[order[0]];
  let sumWy = 0;
  let sumW = 0;
  for (const i of order) {
    const w = data.weights ? data.weights[i] : 1;
    if (data.x[i] - currentX >= X_RESOLUTION) {
      out.x.push(currentX);
      out.y.push(sumWy / sumW);
      out.w.push(sumW);
      currentX = data.x[i];
      sumWy = data.y[i] * w;
      sumW = w;
    } else {
      sumWy += data.y[i] * w;
      sumW += w;
    }
  }
  out.x.push(currentX);
  out.y.push(sumWy / sumW);
  out.w.push(sumW);
  return out;
}

/**
 * Pool adjacent violators in place, as sklearn's _inplace_contiguous_isotonic_regression:
 * `target` links the two ends of each block (target[start] = end, target[end] = start); a
 * block's start holds its weighted mean and total weight. After pooling a decreasing run the
 * scan steps back one block, so one pass suffices.
 */
function pava(y: number[], w: number[]): void {
  const n = y.length;
  const target = Array.from({ length: n }, (_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i] + 1;
    if (k === n) break;
    if (y[i] < y[k]) {
      i = k;
      continue;
    }
    let sumWy = w[i] * y[i];
    let sumW = w[i];
    for (;;) {
      const prevY = y[k];
      sumWy += w[k] * y[k];
      sumW += w[k];
      k = target[k] + 1;
      if (k === n || prevY < y[k]) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1];
        break;
      }
    }
  }
  // Spread each block's value over the block.
  i = 0;
  while (i < n) {
    const k = target[i] + 1;
    for (let j = i + 1; j < k; j++) y[j] = y[i];
    i = k;
  }
}

/** Drop the inner points of flat runs (sklearn's trim_duplicates). */
function trimFlatRuns(x: number[], y: number[]): IsotonicModel {
  const n = y.length;
  const out: IsotonicModel = { x: [], y: [] };
  for (let i = 0; i < n; i++) {
    const inner = i > 0 && i < n - 1 && y[i] === y[i - 1] && y[i] === y[i + 1];
    if (!inner) {
      out.x.push(x[i]);
      out.y.push(y[i]);
    }
  }
  return out;
}

/**
 * The fitted value at t: t clipped into the knots' range, then linear interpolation between the
 * neighbouring knots (numpy.interp's arithmetic, so results match sklearn's predict exactly).
 * NaN stays NaN.
 */
export function predictIsotonic(model: IsotonicModel, t: number): number {
  const { x, y } = model;
  const n = x.length;
  if (Number.isNaN(t)) return NaN;
  if (n === 1 || t <= x[0]) return y[0];
  if (t >= x[n - 1]) return y[n - 1];
  // Largest j with x[j] <= t (0 <= j < n - 1 here).
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= t) lo = mid;
    else hi = mid;
  }
  if (x[lo] === t) return y[lo];
  const slope = (y[lo + 1] - y[lo]) / (x[lo + 1] - x[lo]);
  return slope * (t - x[lo]) + y[lo];
}
