import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { invalidField, notFound, unprocessable } from "@/lib/errors";
import { pool } from "@/lib/pg";
import { log } from "@/lib/log";
import type { DriftConfig, DriftResultDto } from "@/lib/schemas/drift";
import { featureQuality, worstQuality } from "@/lib/stats/data-quality";
import {
  type FeatureType,
  type Histogram,
  type ReferenceProfile,
  type Value,
  featureDrift,
  summarizeDrift,
} from "@/lib/stats/drift";
import { resolveRange } from "@/lib/timeseries/downsample";
import { type Actor, recordAudit } from "./audit";
import { emitEvent } from "./events";
import { type StoredProfile, loadProfile } from "./reference";
import { requestRetraining } from "./retraining";

// Drift: a check reads the current window's feature columns (and the model's outputs and the
// labels that arrived) from the inference log in one query and compares them with the
// version's reference profiles (lib/services/reference.ts). Data quality is measured on the
// same rows.

const MAX_CURRENT_ROWS = 100_000;

/** A logged output as a drift value: scalars as they are; objects and arrays are not comparable. */
const scalar = (v: unknown): Value =>
  typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : null;

function column(values: unknown[], type: FeatureType): ArrayLike<Value> {
  if (type === "categorical") return values.map(scalar);
  const col = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    col[i] = typeof v === "number" ? v : NaN;
  }
  return col;
}

/**
 * The current window from the inference log (the newest rows, capped): each feature's values as
 * logged (for data quality) and as drift reads them, the predictions, and the labels that
 * arrived. Features are stored as `json` (verbatim text), so reading 100,000 rows is a plain
 * scan of the (deployment, ts) index and one JSON.parse per row.
 */
async function currentWindow(deploymentId: string, stored: StoredProfile, from: Date, to: Date) {
  const { rows } = await pool().query<{
    features: Record<string, unknown>;
    prediction: unknown;
    label: unknown;
  }>(
    `SELECT features, prediction, label FROM predictions WHERE deployment_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts DESC LIMIT ${MAX_CURRENT_ROWS}`,
    [deploymentId, from.toISOString(), to.toISOString()],
  );
  const raw: Record<string, unknown[]> = {};
  for (const name of Object.keys(stored.features)) {
    const col = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) col[i] = rows[i].features?.[name];
    raw[name] = col;
  }
  const labels = rows.filter((r) => r.label !== null).map((r) => r.label);
  return {
    count: rows.length,
    raw,
    predictions: rows.map((r) => r.prediction),
    labels,
  };
}

function splitHistogram(h: Histogram) {
  return h.kind === "bins"
    ? {
        reference: { kind: "bins" as const, edges: h.edges, counts: h.reference },
        current: { kind: "bins" as const, edges: h.edges, counts: h.current },
      }
    : {
        reference: { kind: "categories" as const, categories: h.categories, counts: h.reference },
        current: { kind: "categories" as const, categories: h.categories, counts: h.current },
      };
}

const finiteOrNull = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

/** One column's drift, as the API spells it. */
function driftEntry(
  name: string,
  profile: ReferenceProfile,
  values: unknown[],
  config: DriftConfig,
) {
  const own = config.features?.[name];
  const r = featureDrift(profile, column(values, profile.kind), {
    method: own?.method ?? config.method,
    threshold: own?.threshold ?? config.threshold,
  });
  return {
    name,
    type: r.type,
    method: r.method,
    statistic: finiteOrNull(r.statistic),
    pValue: finiteOrNull(r.pValue),
    score: finiteOrNull(r.score),
    threshold: r.threshold,
    drifted: r.drifted,
    ...splitHistogram(r.histogram),
  };
}

export async function checkDrift(
  deploymentId: string,
  q: { from?: string; to?: string; range?: string },
): Promise<DriftResultDto> {
  const { from, to } = resolveRange(q);
  if (!(to > from)) throw invalidField("query.to", "must be after from", "Empty time range");
  const deployment = await db.deployment.findUnique({
    where: { id: deploymentId },
    include: {
      version: { select: { id: true, version: true } },
      model: { select: { slug: true, driftConfig: true } },
    },
  });
  if (!deployment) throw notFound(`Deployment "${deploymentId}"`);
  const ref = await loadProfile(deployment.version.id);
  if (!ref) {
    throw unprocessable(
      `Version ${deployment.version.version} has no reference data to compare with: upload it with PUT /api/v1/models/${deployment.model.slug}/versions/${deployment.version.version}/reference.`,
    );
  }
  const stored = ref.stored;
  const config = (deployment.model.driftConfig ?? {}) as DriftConfig;
  const names = Object.keys(stored.features);
  const current = await currentWindow(deploymentId, stored, new Date(from), new Date(to));
  const features = names.map((name) => ({
    ...driftEntry(name, stored.features[name], current.raw[name], config),
    quality: featureQuality(stored.features[name], current.raw[name]),
  }));
  const summary = summarizeDrift(
    Object.fromEntries(features.map((f) => [f.name, f])),
    config.driftShare,
  );
  const outputs = stored.outputs ?? {};
  return {
    deploymentId,
    model: deployment.model.slug,
    version: deployment.version.version,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    rowCount: current.count,
    drifted: summary.drifted,
    share: summary.share,
    driftShare: summary.driftShare,
    prediction:
      outputs.prediction && current.count
        ? driftEntry("prediction", outputs.prediction, current.predictions, config)
        : null,
    target:
      outputs.target && current.labels.length
        ? driftEntry("target", outputs.target, current.labels, config)
        : null,
    labeledCount: current.labels.length,
    features,
  };
}

const storedEntry = (f: DriftResultDto["features"][number] | DriftResultDto["prediction"]) =>
  f && {
    name: f.name,
    type: f.type,
    method: f.method,
    score: f.score,
    statistic: f.statistic,
    pValue: f.pValue,
    threshold: f.threshold,
    drifted: f.drifted,
  };

/**
 * Check and store a report; when the deployment starts drifting, announce `drift.detected` and
 * let the model's retraining policy decide whether to ask for a new version.
 */
export async function recordDriftReport(
  deploymentId: string,
  window: { from: Date; to: Date },
  createdAt = new Date(),
) {
  const result = await checkDrift(deploymentId, {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
  });
  if (result.rowCount === 0) return null;
  const quality = result.features.length
    ? Math.max(...result.features.map((f) => worstQuality(f.quality)))
    : null;
  return db.$transaction(async (tx) => {
    const previous = await tx.driftReport.findFirst({
      where: { deploymentId },
      orderBy: { createdAt: "desc" },
      select: { drifted: true },
    });
    const report = await tx.driftReport.create({
      data: {
        deploymentId,
        windowFrom: window.from,
        windowTo: window.to,
        rowCount: result.rowCount,
        drifted: result.drifted,
        share: result.share,
        features: result.features.map((f) => ({ ...storedEntry(f), quality: f.quality })),
        prediction: (storedEntry(result.prediction) ?? undefined) as Prisma.InputJsonValue,
        target: (storedEntry(result.target) ?? undefined) as Prisma.InputJsonValue,
        quality,
        createdAt,
      },
    });
    if (result.drifted && !previous?.drifted) {
      const driftedFeatures = result.features
        .filter((f) => f.drifted)
        .map((f) => ({ name: f.name, method: f.method, score: f.score, threshold: f.threshold }));
      await emitEvent(
        tx,
        "drift.detected",
        { type: "deployment", id: deploymentId },
        {
          deploymentId,
          model: result.model,
          version: result.version,
          window: { from: result.from, to: result.to },
          share: result.share,
          driftedFeatures,
          reportId: report.id,
        },
      );
      await requestRetraining(tx, {
        deploymentId,
        signal: "dataset_drift",
        at: createdAt,
        now: createdAt,
        summary: `${driftedFeatures.length} of ${result.features.length} features drifted (share ${result.share.toFixed(2)}, threshold ${result.driftShare})`,
        figures: { share: result.share, driftShare: result.driftShare, reportId: report.id },
        features: driftedFeatures.map((f) => f.name),
      });
    }
    return report;
  });
}

/** The scheduled check: every active deployment with reference data, over the last 24 hours. */
export async function runDriftChecks(now = new Date()) {
  const deployments = await db.deployment.findMany({
    where: { status: "active", version: { referenceData: { isNot: null } } },
    select: { id: true },
  });
  let drifted = 0;
  let failed = 0;
  for (const d of deployments) {
    // One deployment that cannot be checked is logged and skipped, not the end of the pass.
    try {
      const report = await recordDriftReport(
        d.id,
        { from: new Date(now.getTime() - 86_400_000), to: now },
        now,
      );
      if (report?.drifted) drifted++;
    } catch (e) {
      failed++;
      log.warn({ deploymentId: d.id, err: (e as Error).message }, "drift check failed");
    }
  }
  return { checked: deployments.length, drifted, failed };
}

export async function driftHistory(
  deploymentId: string,
  q: { from?: string; to?: string; range?: string },
) {
  const { from, to } = resolveRange({ range: "30d", ...q });
  if (!(await db.deployment.findUnique({ where: { id: deploymentId }, select: { id: true } })))
    throw notFound(`Deployment "${deploymentId}"`);
  const rows = await db.driftReport.findMany({
    where: { deploymentId, createdAt: { gte: new Date(from), lt: new Date(to) } },
    orderBy: { createdAt: "asc" },
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      from: r.windowFrom.toISOString(),
      to: r.windowTo.toISOString(),
      rowCount: r.rowCount,
      drifted: r.drifted,
      share: r.share,
      scores: Object.fromEntries(
        (r.features as { name: string; score: number | null }[]).map((f) => [f.name, f.score]),
      ),
      predictionScore: (r.prediction as { score: number | null } | null)?.score ?? null,
      predictionDrifted: (r.prediction as { drifted: boolean } | null)?.drifted ?? null,
      quality: r.quality,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

/**
 * A model's drift settings for its page (there is no GET: the settings live on the model row),
 * with the newest version's reference feature names to pick per-feature settings from.
 */
export async function getDriftSettings(
  slug: string,
): Promise<{ config: DriftConfig; features: string[] }> {
  const row = await db.model.findUnique({
    where: { slug },
    select: {
      driftConfig: true,
      versions: {
        orderBy: { version: "desc" },
        take: 1,
        select: {
          referenceData: {
            select: { features: { select: { name: true }, orderBy: { name: "asc" } } },
          },
        },
      },
    },
  });
  if (!row) throw notFound(`Model "${slug}"`);
  return {
    config: (row.driftConfig ?? {}) as DriftConfig,
    features: row.versions[0]?.referenceData?.features.map((f) => f.name) ?? [],
  };
}

export async function setDriftConfig(actor: Actor, slug: string, config: DriftConfig) {
  return db.$transaction(async (tx) => {
    const before = await tx.model.findUnique({
      where: { slug },
      select: { id: true, driftConfig: true },
    });
    if (!before) throw notFound(`Model "${slug}"`);
    await tx.model.update({
      where: { id: before.id },
      data: { driftConfig: config as Prisma.InputJsonValue },
    });
    await recordAudit(tx, actor, {
      action: "model.drift_config",
      entityType: "model",
      entityId: before.id,
      before: before.driftConfig,
      after: config,
    });
    return config;
  });
}
