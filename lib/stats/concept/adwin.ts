// ADWIN, ADaptive WINdowing (Bifet & Gavaldà, "Learning from Time-Changing Data with Adaptive
// Windowing", SDM 2007), in its ADWIN2 form: the window is summarised by an exponential
// histogram, never stored outcome by outcome.
//
// Histogram: row r holds buckets of 2^r outcomes (row 0 the newest), each with its total and
// its variance (sum of squared deviations). When a row reaches maxBuckets + 1 buckets its two
// oldest merge into one bucket of the next row, so n outcomes take O(maxBuckets·log2 n) buckets.
//
// Every `clock` outcomes (once the window is longer than gracePeriod) each boundary between
// buckets splits the window into an older W0 (n0 outcomes, mean µ0) and a newer W1 (n1, µ1),
// oldest boundary first. A cut is |µ0 − µ1| > ε with
//   ε = √(2·m·σ²·ln(2/δ')) + (2/3)·m·ln(2/δ'),  δ' = δ / ln n,
//   m = 1/(n0 − minWindow + 1) + 1/(n1 − minWindow + 1),  σ² = window variance / n.
// On a cut the oldest bucket is dropped and the whole scan starts again, until no cut is left.
//
// Conventions follow MOA's ADWIN.java (Bifet's reference code; river and scikit-multiflow port
// it): both sub-windows must be longer than minWindow + 1 outcomes, and every bucket boundary
// is a candidate (river's port skips the newest bucket of each row, an off-by-one).
// Every change is a "drift"; `direction` says whether the newer sub-window's mean (the error
// rate) went up (1) or down (-1) at the first cut of the check.

import { LEVEL_CODE, mergeOptions, type BaseState, type Detector } from "./types";

export const ADWIN_DEFAULTS = {
  delta: 0.002,
  clock: 32,
  maxBuckets: 5,
  minWindow: 5,
  gracePeriod: 10,
};
type AdwinOptions = typeof ADWIN_DEFAULTS;

export interface AdwinState extends BaseState {
  /** Outcomes in the window, their sum and their sum of squared deviations. */
  width: number;
  total: number;
  variance: number;
  /** totals[r][k], variances[r][k]: bucket k (0 = oldest) of row r (2^r outcomes each). */
  totals: number[][];
  variances: number[][];
  options: AdwinOptions;
}

/** Number of buckets in the histogram (the state's size grows with it). */
export function adwinBucketCount(state: AdwinState): number {
  let count = 0;
  for (const row of state.totals) count += row.length;
  return count;
}

function insert(state: AdwinState, value: number) {
  state.totals[0].push(value);
  state.variances[0].push(0);
  state.width++;
  if (state.width > 1) {
    const before = state.width - 1;
    const deviation = value - state.total / before;
    state.variance += (before * deviation * deviation) / state.width;
  }
  state.total += value;
  compress(state);
}

/** Merges the two oldest buckets of each full row into the next row, row by row upwards. */
function compress(state: AdwinState) {
  const { totals, variances } = state;
  for (let r = 0; totals[r].length > state.options.maxBuckets; r++) {
    if (r + 1 === totals.length) {
      totals.push([]);
      variances.push([]);
    }
    const size = 2 ** r;
    const [t0, t1] = totals[r];
    const meanGap = t0 / size - t1 / size;
    const v = variances[r][0] + variances[r][1] + (size * size * meanGap * meanGap) / (2 * size);
    totals[r + 1].push(t0 + t1);
    variances[r + 1].push(v);
    // shift, not splice: splice allocates an array of what it removes.
    totals[r].shift();
    totals[r].shift();
    variances[r].shift();
    variances[r].shift();
  }
}

/** Drops the oldest bucket; returns how many outcomes it held. */
function dropOldest(state: AdwinState): number {
  const last = state.totals.length - 1;
  const size = 2 ** last;
  const t = state.totals[last].shift()!;
  const v = state.variances[last].shift()!;
  state.width -= size;
  state.total -= t;
  const gap = t / size - state.total / state.width;
  state.variance -= v + (size * state.width * gap * gap) / (size + state.width);
  if (state.totals[last].length === 0 && last > 0) {
    state.totals.pop();
    state.variances.pop();
  }
  return size;
}

/**
 * Scans the bucket boundaries, oldest first, for the first cut; drops the oldest bucket when
 * it finds one. Returns 0 when there is no cut, else the sign of µ1 − µ0 (1: rate went up).
 */
function cutOnce(state: AdwinState): number {
  const { totals } = state;
  const { minWindow } = state.options;
  const minLength = minWindow + 1;
  let n0 = 0;
  let u0 = 0;
  let n1 = state.width;
  let u1 = state.total;
  // The parts of ε that depend on the whole window only: ln(2/δ') = ln(2·ln n/δ), and σ².
  const logTerm = Math.log((2 * Math.log(state.width)) / state.options.delta);
  const sigma2 = state.variance / state.width;
  for (let r = totals.length - 1; r >= 0; r--) {
    const size = 2 ** r;
    const row = totals[r];
    for (let k = 0; k < row.length; k++) {
      n0 += size;
      n1 -= size;
      u0 += row[k];
      u1 -= row[k];
      if (r === 0 && k === row.length - 1) return 0; // W1 would be empty
      const meanGap = u0 / n0 - u1 / n1;
      if (n0 <= minLength || n1 <= minLength) continue;
      const m = 1 / (n0 - minWindow + 1) + 1 / (n1 - minWindow + 1);
      const epsilon = Math.sqrt(2 * m * sigma2 * logTerm) + (2 / 3) * logTerm * m;
      if (Math.abs(meanGap) > epsilon) {
        dropOldest(state);
        return meanGap < 0 ? 1 : -1;
      }
    }
  }
  return 0;
}

export const adwin: Detector<AdwinState> = {
  kind: "adwin",

  init(options) {
    return {
      seen: 0,
      level: 0,
      direction: 0,
      width: 0,
      total: 0,
      variance: 0,
      totals: [[]],
      variances: [[]],
      options: mergeOptions(ADWIN_DEFAULTS, options),
    };
  },

  update(state, error) {
    insert(state, error ? 1 : 0);
    state.seen++;
    let direction = 0;
    const { clock, gracePeriod } = state.options;
    if (state.seen % clock === 0 && state.width > gracePeriod) {
      for (let cut = cutOnce(state); cut !== 0; cut = cutOnce(state)) {
        if (direction === 0) direction = cut;
      }
    }
    if (direction !== 0) state.direction = direction;
    state.level = LEVEL_CODE[direction !== 0 ? "drift" : "stable"];
    return direction !== 0 ? "drift" : "stable";
  },

  errorRate(state) {
    return state.width === 0 ? null : state.total / state.width;
  },
};
