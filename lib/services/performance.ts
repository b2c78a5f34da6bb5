import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { pool } from "@/lib/pg";
import { type CbpeModel, estimatePerformance, realizedPerformance } from "@/lib/stats/cbpe";
import type { Value } from "@/lib/stats/drift";
import { resolveRange } from "@/lib/timeseries/downsample";
import { loadProfile } from "./reference";

// Performance estimated before the labels arrive (CBPE, lib/stats/cbpe.ts): the version's
// reference calibrates the model's confidences against its labels once; each chunk of the
// current window is then estimated from its confidences alone, beside what its labels say
// where they arrived.

/** Rows read for one estimate: the newest of the window beyond this. */
const MAX_ROWS = 200_000;
const CHUNKS = 48;

export const ESTIMATED_METRICS = ["accuracy", "precision", "recall", "f1"] as const;
export type EstimatedMetric = (typeof ESTIMATED_METRICS)[number];

interface Row {
  ts: Date;
  prediction: unknown;
  confidence: number | null;
  label: unknown;
}

const scalar = (v: unknown): Value =>
  typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : null;

async function rowsOf(deploymentId: string, from: Date, to: Date): Promise<Row[]> {
  const { rows } = await pool().query<Row>(
    `SELECT ts, prediction, confidence, label FROM (
       SELECT ts, prediction, confidence, label FROM predictions
       WHERE deployment_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts DESC LIMIT ${MAX_ROWS}) r
     ORDER BY ts`,
    [deploymentId, from.toISOString(), to.toISOString()],
  );
  return rows;
}

function chunkOf(model: CbpeModel, rows: Row[]) {
  const estimate = estimatePerformance(model, {
    prediction: rows.map((r) => scalar(r.prediction)),
    confidence: rows.map((r) => r.confidence),
  });
  const labelled = rows.filter((r) => r.label !== null);
  const realized = realizedPerformance(model, {
    prediction: labelled.map((r) => scalar(r.prediction)),
    target: labelled.map((r) => scalar(r.label)),
  });
  return { estimate, realized };
}

async function calibrationOf(deploymentId: string) {
  const d = await db.deployment.findUnique({
    where: { id: deploymentId },
    select: {
      versionId: true,
      version: { select: { version: true } },
      model: {
        select: { requirements: { select: { minMetricName: true, minMetricValue: true } } },
      },
    },
  });
  if (!d) throw notFound(`Deployment "${deploymentId}"`);
  const ref = await loadProfile(d.versionId);
  const req = d.model.requirements;
  const metric = req?.minMetricName?.toLowerCase();
  const requirement =
    metric &&
    (ESTIMATED_METRICS as readonly string[]).includes(metric) &&
    req?.minMetricValue != null
      ? { metric: metric as EstimatedMetric, value: req.minMetricValue }
      : null;
  const note = !ref
    ? `Version ${d.version.version} has no reference data.`
    : (ref.stored.cbpeNote ??
      (ref.stored.cbpe
        ? null
        : "The reference needs prediction, target and confidence columns to estimate performance."));
  return { model: ref?.stored.cbpe ?? null, requirement, note };
}

/** Estimated and realized performance of a deployment over a range, in chunks of time. */
export async function performanceOverTime(
  deploymentId: string,
  q: { from?: string; to?: string; range?: string },
) {
  const { from, to } = resolveRange({ range: "7d", ...q });
  const { model, requirement, note } = await calibrationOf(deploymentId);
  const bucketMs = Math.max(60_000, Math.ceil((to - from) / CHUNKS / 60_000) * 60_000);
  const base = {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bucketSeconds: bucketMs / 1000,
    requirement,
  };
  if (!model) return { ...base, available: false, note, kind: null, positive: null, points: [] };
  const rows = await rowsOf(deploymentId, new Date(from), new Date(to));
  const chunks = new Map<number, Row[]>();
  for (const r of rows) {
    const key = from + Math.floor((r.ts.getTime() - from) / bucketMs) * bucketMs;
    let chunk = chunks.get(key);
    if (!chunk) chunks.set(key, (chunk = []));
    chunk.push(r);
  }
  const points = [...chunks.entries()].map(([start, chunk]) => {
    const { estimate, realized } = chunkOf(model, chunk);
    return {
      ts: new Date(start).toISOString(),
      count: estimate.count,
      skipped: estimate.skipped,
      estimated: {
        accuracy: estimate.accuracy,
        precision: estimate.precision,
        recall: estimate.recall,
        f1: estimate.f1,
      },
      realized,
    };
  });
  return {
    ...base,
    available: true,
    note: null,
    kind: model.kind,
    positive: model.positive,
    points,
  };
}

/** One estimate over a window, for the alert evaluator; null when there is nothing to judge. */
export async function estimatedMetric(
  deploymentId: string,
  window: { from: Date; to: Date; metric: EstimatedMetric },
) {
  const { model, requirement } = await calibrationOf(deploymentId);
  if (!model) return null;
  const rows = await rowsOf(deploymentId, window.from, window.to);
  if (rows.length === 0) return null;
  const { estimate } = chunkOf(model, rows);
  const value = estimate[window.metric];
  return value ? { value: value.value, count: estimate.count, requirement } : null;
}
