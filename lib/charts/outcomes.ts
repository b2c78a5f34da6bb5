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

/**
 * The signals as chart markers: drifts of a rising error rate, and warnings, one marker per
 * time (a drift wins over a warning at the same point; several detectors share a label).
 */
export function signalMarkers(c: Concept | undefined): { t: number; label: string }[] {
  const byTime = new Map<number, { drift: string[]; warning: string[] }>();
  for (const s of c?.signals ?? []) {
    if (s.direction === "down") continue;
    const t = Date.parse(s.ts);
    const at = byTime.get(t) ?? { drift: [], warning: [] };
    at[s.level].push(detectorName(s.detector));
    byTime.set(t, at);
  }
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, { drift, warning }]) => ({
      t,
      label: drift.length ? `${drift.join(", ")} drift` : `${warning.join(", ")} warning`,
    }));
}

export function errorRows(c: Concept | undefined) {
  return (c?.series ?? [])
    .filter((b) => b.errorRate !== null)
    .map((b) => ({ t: Date.parse(b.ts), value: pct(b.errorRate), count: b.count }));
}
