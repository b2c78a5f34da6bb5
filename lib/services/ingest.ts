import { randomUUID } from "node:crypto";
import type pg from "pg";
import { env } from "@/lib/env";
import { type FieldIssue, notFound, validationFailed } from "@/lib/errors";
import { oldestAccepted, type Point, writeEventPoints, writePoints } from "@/lib/timeseries/store";
import { pool } from "@/lib/pg";
import type { MetricBatch, PredictionBatch, PredictionDto } from "@/lib/schemas/monitoring";
import type { Principal } from "@/lib/permissions";
import { assignReleases, findEndpoint } from "./endpoints";
import { assertMayIngest } from "./tokens";

// Ingestion: what model servers push. A batch is all or nothing: it is validated whole (zod
// at the edge, then the checks below that need the server's clock or the database) and then
// written in one transaction. Predictions also feed the metric store — their latency, error
// flag and confidence become the series `prediction.latency_ms`, `prediction.error` and
// `prediction.confidence` — so every chart reads the same rollups.

export const PREDICTION_SERIES = {
  latency: "prediction.latency_ms",
  error: "prediction.error",
  confidence: "prediction.confidence",
} as const;

// Deployments are never deleted while they can receive data (models are archived, not
// removed), so a deployment once seen to exist is remembered: the hot path skips the lookup.
const knownDeployments = new Set<string>();

export async function requireDeployment(
  id: string,
  client: pg.ClientBase = pool() as unknown as pg.ClientBase,
): Promise<void> {
  if (knownDeployments.has(id)) return;
  const { rowCount } = await client.query(`SELECT 1 FROM deployments WHERE id = $1`, [id]);
  if (!rowCount) throw notFound(`Deployment "${id}"`);
  if (knownDeployments.size > 10_000) knownDeployments.clear();
  knownDeployments.add(id);
}

function tooOld(times: (string | undefined)[], prefix: string, field = "ts"): FieldIssue[] {
  const oldest = oldestAccepted(env().METRIC_RETENTION_DAYS);
  const issues: FieldIssue[] = [];
  times.forEach((t, i) => {
    if (t !== undefined && Date.parse(t) < oldest) {
      issues.push({
        path: `${prefix}.${i}.${field}`,
        message: `is older than the ${env().METRIC_RETENTION_DAYS}-day retention`,
      });
    }
  });
  return issues;
}

/** On a deployment's own URL a record may name its version only if it is the deployment's. */
async function checkVersions(
  client: pg.ClientBase,
  deploymentId: string,
  versions: (number | undefined)[],
  prefix: string,
): Promise<FieldIssue[]> {
  if (versions.every((v) => v === undefined)) return [];
  const { rows } = await client.query<{ version: number }>(
    `SELECT v.version FROM deployments d JOIN model_versions v ON v.id = d.version_id WHERE d.id = $1`,
    [deploymentId],
  );
  if (!rows.length) throw notFound(`Deployment "${deploymentId}"`);
  const issues: FieldIssue[] = [];
  versions.forEach((v, i) => {
    if (v !== undefined && v !== rows[0].version)
      issues.push({
        path: `${prefix}.${i}.version`,
        message: `this deployment runs version ${rows[0].version}; push version ${v}'s records to the endpoint URL`,
      });
  });
  return issues;
}

/** Where each record of a batch goes: one deployment (its id or URL) or an endpoint's releases. */
export type IngestInto =
  string | { deploymentId: string } | { model: string; target: string; principal?: Principal };

const normal = (into: IngestInto) => (typeof into === "string" ? { deploymentId: into } : into);

/**
 * The deployment of each record, or a refusal listing every problem (nothing stored). An
 * endpoint's records go to the release that ran their version at their time; a token narrowed
 * to deployments may write only the records that land on its own.
 */
async function placeRecords(
  client: pg.ClientBase,
  into: IngestInto,
  {
    records,
    prefix,
    now,
  }: { records: { ts?: string; version?: number }[]; prefix: string; now: Date },
): Promise<string[]> {
  into = normal(into);
  const issues = tooOld(
    records.map((r) => r.ts),
    prefix,
  );
  if ("deploymentId" in into) {
    issues.push(
      ...(await checkVersions(
        client,
        into.deploymentId,
        records.map((r) => r.version),
        prefix,
      )),
    );
    if (issues.length) throw validationFailed(issues, "nothing was stored");
    await requireDeployment(into.deploymentId, client);
    return records.map(() => into.deploymentId);
  }
  const endpoint = await findEndpoint(into.model, into.target, client);
  const placed = assignReleases(
    endpoint,
    records.map((r) => ({ ts: r.ts ? Date.parse(r.ts) : now.getTime(), version: r.version })),
    prefix,
  );
  issues.push(...placed.issues);
  if (issues.length) throw validationFailed(issues, "nothing was stored");
  if (into.principal) await assertMayIngest(into.principal, [...new Set(placed.ids)]);
  return placed.ids;
}

export async function ingestMetrics(client: pg.PoolClient, into: IngestInto, batch: MetricBatch) {
  const now = new Date();
  const ids = await placeRecords(client, into, { records: batch.points, prefix: "points", now });
  const arrived = now.getTime();
  const points: Point[] = batch.points.map((p, i) => ({
    deploymentId: ids[i],
    name: p.name,
    ts: p.ts ? Date.parse(p.ts) : arrived,
    value: p.value,
  }));
  const inserted = await writePoints(client, points);
  return { status: 202, body: { accepted: inserted, duplicates: points.length - inserted } };
}

export async function ingestPredictions(
  client: pg.PoolClient,
  into: IngestInto,
  batch: PredictionBatch,
) {
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  batch.records.forEach((r, i) => {
    if (r.id === undefined) return;
    if (seen.has(r.id))
      issues.push({
        path: `records.${i}.id`,
        message: `repeats the id of records.${seen.get(r.id)}`,
      });
    else seen.set(r.id, i);
  });
  if (issues.length) throw validationFailed(issues, "nothing was stored");
  const now = new Date();
  const deploymentIds = await placeRecords(client, into, {
    records: batch.records,
    prefix: "records",
    now,
  });

  const n = batch.records.length;
  const ids: string[] = new Array(n);
  const times: string[] = new Array(n);
  const features: string[] = new Array(n);
  const predictions: string[] = new Array(n);
  const confidences: (number | null)[] = new Array(n);
  const latencies: (number | null)[] = new Array(n);
  const labels: (string | null)[] = new Array(n);
  const errors: (string | null)[] = new Array(n);
  batch.records.forEach((r, i) => {
    ids[i] = r.id ?? randomUUID();
    times[i] = (r.ts ? new Date(r.ts) : now).toISOString();
    features[i] = JSON.stringify(r.features);
    predictions[i] = JSON.stringify(r.prediction);
    confidences[i] = r.confidence ?? null;
    latencies[i] = r.latencyMs ?? null;
    labels[i] = r.label === undefined ? null : JSON.stringify(r.label);
    errors[i] = r.error ?? null;
  });
  const { rows } = await client.query<{
    deployment_id: string;
    id: string;
    ts: Date;
    confidence: number | null;
    latency_ms: number | null;
    error: string | null;
  }>(
    `INSERT INTO predictions (deployment_id, id, ts, features, prediction, confidence, latency_ms, label, labeled_at, error)
     SELECT r.deployment_id, r.id, r.ts, r.features, r.prediction, r.confidence, r.latency_ms, r.label,
            CASE WHEN r.label IS NULL THEN NULL ELSE now() END, r.error
     FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::json[], $5::jsonb[], $6::float8[], $7::float8[], $8::jsonb[], $9::text[])
          AS r(deployment_id, id, ts, features, prediction, confidence, latency_ms, label, error)
     ON CONFLICT (deployment_id, id) DO NOTHING
     RETURNING deployment_id, id, ts, confidence, latency_ms, error`,
    [deploymentIds, ids, times, features, predictions, confidences, latencies, labels, errors],
  );
  // Only the records that were new feed the metric series: a retried batch adds nothing.
  const points: Point[] = [];
  for (const r of rows) {
    const deploymentId = r.deployment_id;
    if (r.latency_ms !== null)
      points.push({ deploymentId, name: PREDICTION_SERIES.latency, ts: r.ts, value: r.latency_ms });
    if (r.confidence !== null)
      points.push({
        deploymentId,
        name: PREDICTION_SERIES.confidence,
        ts: r.ts,
        value: r.confidence,
      });
    points.push({
      deploymentId,
      name: PREDICTION_SERIES.error,
      ts: r.ts,
      value: r.error === null ? 0 : 1,
    });
  }
  if (points.length) await writeEventPoints(client, points);
  return { status: 202, body: { accepted: rows.length, duplicates: n - rows.length } };
}

/**
 * Ground truth that arrives later, for a prediction of one deployment or of any release of an
 * endpoint (the newest, should two releases have used the same id).
 */
export async function labelPrediction(into: IngestInto, predictionId: string, label: unknown) {
  into = normal(into);
  let ids: string[];
  if ("deploymentId" in into) ids = [into.deploymentId];
  else {
    ids = (await findEndpoint(into.model, into.target)).deploymentIds;
    if (into.principal) await assertMayIngest(into.principal, ids.length ? ids : ["-"]);
  }
  const { rows } = await pool().query<{ deployment_id: string }>(
    `UPDATE predictions SET label = $3::jsonb, labeled_at = now() WHERE deployment_id = ANY($1::text[]) AND id = $2
     RETURNING deployment_id, ts`,
    [ids, predictionId, JSON.stringify(label)],
  );
  if (!rows.length) {
    if ("deploymentId" in into) await requireDeployment(into.deploymentId);
    throw notFound(`Prediction "${predictionId}"`);
  }
  return getPrediction(rows.at(-1)!.deployment_id, predictionId);
}

export async function getPrediction(deploymentId: string, predictionId: string) {
  const { rows } = await pool().query<PredictionRow>(
    `${selectPrediction} WHERE deployment_id = $1 AND id = $2`,
    [deploymentId, predictionId],
  );
  if (!rows.length) throw notFound(`Prediction "${predictionId}"`);
  return serializePrediction(rows[0]);
}

export interface PredictionRow {
  id: string;
  deployment_id: string;
  ts: Date;
  features: Record<string, unknown>;
  prediction: unknown;
  confidence: number | null;
  latency_ms: number | null;
  label: unknown;
  labeled_at: Date | null;
  error: string | null;
  correct: boolean | null;
}

export const selectPrediction = `SELECT id, deployment_id, ts, features, prediction, confidence, latency_ms, label, labeled_at, error,
  CASE WHEN label IS NULL THEN NULL ELSE prediction = label END AS correct FROM predictions`;

export function serializePrediction(r: PredictionRow): PredictionDto {
  return {
    id: r.id,
    deploymentId: r.deployment_id,
    ts: r.ts.toISOString(),
    features: r.features,
    prediction: r.prediction,
    confidence: r.confidence,
    latencyMs: r.latency_ms,
    label: r.label,
    labeledAt: r.labeled_at?.toISOString() ?? null,
    error: r.error,
    correct: r.correct,
  };
}
