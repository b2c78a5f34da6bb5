// DDM, the Drift Detection Method (Gama, Medas, Castillo & Rodrigues, "Learning with Drift
// Detection", SBIA 2004), on a stream of outcomes (1 = the prediction was wrong).
//
// After outcome i: p_i = errors / i, s_i = √(p_i (1 − p_i) / i). Once i >= minOutcomes the
// detector remembers p_min and s_min at the smallest p_i + s_i seen so far; it warns when
// p_i + s_i > p_min + warningSigma·s_min and signals drift when p_i + s_i > p_min +
// driftSigma·s_min, then starts afresh.
//
// Conventions are river's `drift.binary.DDM` (and MOA's DDM), with one difference:
// - the minimum is updated when p_i + s_i <= p_min + s_min (ties move it to the later outcome);
// - the comparisons are strict (>): with >= a run of correct predictions (p = s = 0) would sit
//   exactly on the thresholds and "drift" on a constant stream;
// - unlike river (which starts at i > warm_start), tracking starts at i >= minOutcomes, the
//   30th outcome with the defaults, as the paper's "after 30 examples" reads.
// One addition: the minimum is tracked, and levels judged, only once minErrors (5) errors have
// come since the reset. DDM reads p ± s as a normal approximation of the binomial, which needs
// n·p >= 5; without the condition a run of 30 correct predictions sets p_min = s_min = 0 and the
// next error is a "drift" (on a deployment with a 1 % error rate, after three resets in four).

import { LEVEL_CODE, mergeOptions, type BaseState, type Detector, type Level } from "./types";

export const DDM_DEFAULTS = { minOutcomes: 30, minErrors: 5, warningSigma: 2, driftSigma: 3 };
type DdmOptions = typeof DDM_DEFAULTS;

export interface DdmState extends BaseState {
  /** Outcomes and errors since the last reset. */
  n: number;
  errors: number;
  /** p and s where p + s was smallest; psMin is -1 until tracking starts (JSON has no ∞). */
  pMin: number;
  sMin: number;
  psMin: number;
  options: DdmOptions;
}

function reset(state: DdmState) {
  state.n = 0;
  state.errors = 0;
  state.pMin = 0;
  state.sMin = 0;
  state.psMin = -1;
}

export const ddm: Detector<DdmState> = {
  kind: "ddm",

  init(options) {
    const state = { seen: 0, level: 0, direction: 0, options: mergeOptions(DDM_DEFAULTS, options) };
    reset(state as DdmState);
    return state as DdmState;
  },

  update(state, error) {
    const { minOutcomes, minErrors, warningSigma, driftSigma } = state.options;
    state.seen++;
    state.n++;
    if (error) state.errors++;
    const p = state.errors / state.n;
    const s = Math.sqrt((p * (1 - p)) / state.n);
    let level: Level = "stable";
    if (state.n >= minOutcomes && state.errors >= minErrors) {
      if (state.psMin < 0 || p + s <= state.psMin) {
        state.pMin = p;
        state.sMin = s;
        state.psMin = p + s;
      }
      if (p + s > state.pMin + driftSigma * state.sMin) level = "drift";
      else if (p + s > state.pMin + warningSigma * state.sMin) level = "warning";
    }
    if (level === "drift") {
      state.direction = 1;
      reset(state);
    }
    state.level = LEVEL_CODE[level];
    return level;
  },

  errorRate(state) {
    return state.n === 0 ? null : state.errors / state.n;
  },
};
