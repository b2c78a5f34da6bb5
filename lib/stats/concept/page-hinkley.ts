// The Page-Hinkley test (Page, "Continuous inspection schemes", Biometrika 1954) for a rise
// of the error rate, following river's `drift.PageHinkley(mode="up")`:
//
//   x̄_n = mean of the outcomes since the last reset (this one included)
//   m_n = alpha·m_(n−1) + (x_n − x̄_n − delta)      (the fading cumulative deviation)
//   M_n = min(M_1 … M_n)
//   drift when n >= minOutcomes and m_n − M_n > threshold; the detector then starts afresh.
//
// delta is the size of change tolerated, threshold (lambda) trades delay for false alarms,
// alpha < 1 slowly forgets old deviations. The minimum is tracked from the first outcome, as
// river does. No warning level: Page-Hinkley only signals drift.

import { LEVEL_CODE, mergeOptions, type BaseState, type Detector } from "./types";

export const PAGE_HINKLEY_DEFAULTS = {
  minOutcomes: 30,
  delta: 0.005,
  threshold: 50,
  alpha: 0.9999,
};
type PageHinkleyOptions = typeof PAGE_HINKLEY_DEFAULTS;

export interface PageHinkleyState extends BaseState {
  /** Outcomes and errors since the last reset. */
  n: number;
  errors: number;
  /** m_n and its minimum M_n (meaningless while n = 0). */
  sum: number;
  min: number;
  options: PageHinkleyOptions;
}

function reset(state: PageHinkleyState) {
  state.n = 0;
  state.errors = 0;
  state.sum = 0;
  state.min = 0;
}

export const pageHinkley: Detector<PageHinkleyState> = {
  kind: "page_hinkley",

  init(options) {
    const state = {
      seen: 0,
      level: 0,
      direction: 0,
      options: mergeOptions(PAGE_HINKLEY_DEFAULTS, options),
    } as PageHinkleyState;
    reset(state);
    return state;
  },

  update(state, error) {
    const { minOutcomes, delta, threshold, alpha } = state.options;
    const x = error ? 1 : 0;
    state.seen++;
    state.n++;
    state.errors += x;
    const mean = state.errors / state.n;
    state.sum = alpha * state.sum + (x - mean - delta);
    if (state.n === 1 || state.sum < state.min) state.min = state.sum;
    const drift = state.n >= minOutcomes && state.sum - state.min > threshold;
    if (drift) {
      state.direction = 1;
      reset(state);
    }
    state.level = LEVEL_CODE[drift ? "drift" : "stable"];
    return drift ? "drift" : "stable";
  },

  errorRate(state) {
    return state.n === 0 ? null : state.errors / state.n;
  },
};
