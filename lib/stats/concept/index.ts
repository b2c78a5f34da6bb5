// Concept-drift detectors for a deployment's stream of labelled outcomes (1 = the prediction
// was wrong, 0 = right, in the order the predictions were made): DDM, Page-Hinkley and ADWIN.
//
// Each detector is a set of pure functions over a plain-JSON state, so the state can rest in
// PostgreSQL (jsonb) between batches: feeding a stream in any number of batches, with a JSON
// round trip of the state in between, gives exactly the signals of one batch (property-tested).
// A state carries its options (fixed at init) and counts the whole stream, so signal indices
// are positions in the whole stream.

import { adwin, ADWIN_DEFAULTS } from "./adwin";
import { DDM_DEFAULTS, ddm } from "./ddm";
import { PAGE_HINKLEY_DEFAULTS, pageHinkley } from "./page-hinkley";
import { LEVEL_CODE, type BaseState, type Detector, type DetectorKind, type Signal } from "./types";

export type { Detector, DetectorKind, Level, Signal } from "./types";

export const detectors: Record<DetectorKind, Detector<unknown>> = {
  ddm,
  page_hinkley: pageHinkley,
  adwin,
};

export const DEFAULT_OPTIONS: Record<DetectorKind, Record<string, number>> = {
  ddm: DDM_DEFAULTS,
  page_hinkley: PAGE_HINKLEY_DEFAULTS,
  adwin: ADWIN_DEFAULTS,
};

/**
 * Feed a batch; returns the new state (a fresh object; the input is not mutated) and the signals
 * with their stream indices. Warnings are reported once per warning episode (not on every
 * outcome while in warning). `options` apply only when `state` is null (a new stream); a stored
 * state keeps the options it was made with. `seen` counts the whole stream's outcomes so far.
 * Every signal has a direction: DDM and Page-Hinkley only look for a rising error rate ("up");
 * ADWIN reports changes either way.
 */
export function runDetector(
  kind: DetectorKind,
  state: unknown | null,
  errors: ArrayLike<boolean | 0 | 1>,
  options?: Record<string, number>,
): { state: unknown; signals: Signal[]; seen: number } {
  const detector = detectors[kind];
  const current = (state == null ? detector.init(options) : structuredClone(state)) as BaseState;
  const signals: Signal[] = [];
  for (let i = 0; i < errors.length; i++) {
    const index = current.seen;
    const before = current.level;
    const level = detector.update(current, errors[i] === true || errors[i] === 1);
    const direction = current.direction < 0 ? "down" : "up";
    if (level === "drift") signals.push({ index, level, direction });
    else if (level === "warning" && before !== LEVEL_CODE.warning) {
      signals.push({ index, level, direction: "up" });
    }
  }
  return { state: current, signals, seen: current.seen };
}
