import type { z } from "zod";
import type { conceptDriftResult, performanceResult } from "@/lib/schemas/drift";

// Rows for the outcome charts of a deployment: estimated against realized accuracy, and the
// labelled error rate with the concept drift detectors' signals. Percent, as the other
// monitoring charts draw rates.

type Performance = z.output<typeof performanceResult>;
type Concept = z.output<typeof conceptDriftResult>;

export interface EstimateRow {
  t: number;
  estimated: number | null;
  lower: number | null;
  upper: number | null;
  realized: number | null;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : v * 100);

/** One row per chunk with predictions: the estimate, its band, and what labels said. */
export function estimateRows(p: Performance | undefined): EstimateRow[] {
  return (p?.points ?? [])
    .filter((x) => x.count > 0 && x.estimated.accuracy)
    .map((x) => ({
      t: Date.parse(x.ts),
      estimated: pct(x.estimated.accuracy?.value),
      lower: pct(x.estimated.accuracy?.lower),
      upper: pct(x.estimated.accuracy?.upper),
      realized: x.realized.count > 0 ? pct(x.realized.accuracy) : null,
    }));
}

const detectorNames = { ddm: "DDM", page_hinkley: "Page-Hinkley", adwin: "ADWIN" } as const;
export const detectorName = (k: keyof typeof detectorNames) => detectorNames[k];

/** Signals closer than this share of the range draw as one marker (their labels would overlap). */
const MARKER_GAP = 0.1;

/**
 * The signals as chart markers: drifts of a rising error rate, and warnings. Signals close
 * together in the range share one marker at the first of them, naming each detector once; a
 * drift wins over a warning.
 */
export function signalMarkers(c: Concept | undefined): { t: number; label: string }[] {
  if (!c) return [];
  const gap = (Date.parse(c.to) - Date.parse(c.from)) * MARKER_GAP;
  const clusters: { t: number; last: number; drift: Set<string>; warning: Set<string> }[] = [];
  const rising = c.signals
    .filter((s) => s.direction !== "down")
    .map((s) => ({ ...s, t: Date.parse(s.ts) }))
    .sort((a, b) => a.t - b.t);
  for (const s of rising) {
    let at = clusters.at(-1);
    if (!at || s.t - at.last > gap) {
      at = { t: s.t, last: s.t, drift: new Set(), warning: new Set() };
      clusters.push(at);
    }
    at.last = s.t;
    at[s.level].add(detectorName(s.detector));
  }
  return clusters.map(({ t, drift, warning }) => ({
    t,
    label: drift.size ? `${[...drift].join(", ")} drift` : `${[...warning].join(", ")} warning`,
  }));
}

export function errorRows(c: Concept | undefined) {
  return (c?.series ?? [])
    .filter((b) => b.errorRate !== null)
    .map((b) => ({ t: Date.parse(b.ts), value: pct(b.errorRate), count: b.count }));
}
