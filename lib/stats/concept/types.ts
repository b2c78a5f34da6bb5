// Shapes shared by the concept-drift detectors and their runner (re-exported from ./index).

export type DetectorKind = "ddm" | "page_hinkley" | "adwin";
export type Level = "stable" | "warning" | "drift";

/** index: 0-based position of the outcome in the whole stream (the state counts it). */
export interface Signal {
  index: number;
  level: "warning" | "drift";
  direction?: "up" | "down";
}

export interface Detector<S> {
  kind: DetectorKind;
  /** A fresh state: plain JSON that round-trips JSON.stringify/parse exactly (stored as jsonb). */
  init(options?: Record<string, number>): S;
  /** Feeds one outcome (true = the prediction was wrong); mutates state in place. */
  update(state: S, error: boolean): Level;
  /** The detector's current estimate of the error rate, null before any outcome. */
  errorRate(state: S): number | null;
}

/**
 * What every detector's state carries besides its own statistics: the outcomes seen in the
 * whole stream (never reset, so signal indices survive a detector reset), the level the last
 * outcome left it in (0 stable, 1 warning, 2 drift: the runner reports a warning once per
 * episode, also across batches) and the direction of the last change (1 up, -1 down).
 */
export interface BaseState {
  seen: number;
  level: number;
  direction: number;
}

export const LEVEL_CODE: Record<Level, number> = { stable: 0, warning: 1, drift: 2 };

/**
 * The defaults with the caller's options on top. An unknown name or a value that is not a
 * finite number throws: a misspelt option would otherwise be silently ignored, and every
 * value must survive a JSON round trip.
 */
export function mergeOptions<O extends Record<string, number>>(
  defaults: O,
  options: Record<string, number> | undefined,
): O {
  const merged: Record<string, number> = { ...defaults };
  for (const [name, value] of Object.entries(options ?? {})) {
    if (!(name in defaults)) {
      throw new RangeError(`Unknown option "${name}"; expected one of ${Object.keys(defaults)}`);
    }
    if (!Number.isFinite(value)) throw new RangeError(`Option "${name}" must be a finite number`);
    merged[name] = value;
  }
  return merged as O;
}
