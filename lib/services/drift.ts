import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError, invalidField, invalidFields, notFound, unprocessable } from "@/lib/errors";
import { pool } from "@/lib/pg";
import type { DriftConfig, DriftResultDto } from "@/lib/schemas/drift";
import { MAX_REFERENCE_COLUMNS, MAX_REFERENCE_ROWS } from "@/lib/schemas/drift";
import {
  type FeatureType,
  type Histogram,
  type ReferenceProfile,
  type Value,
  featureDrift,
  profileDataset,
  summarizeDrift,
} from "@/lib/stats/drift";
import { resolveRange } from "@/lib/timeseries/downsample";
import { type Actor, recordAudit } from "./audit";
import { refreshProgress } from "./checklist/progress";
import { emitEvent } from "./events";

// Reference data and drift. A version's reference rows are profiled once (sorted sample,
// counts, moments) and only the profile is stored; a drift check reads the current window's
// feature columns from the inference log in one query and compares them with the profiles.

const MAX_CURRENT_ROWS = 100_000;

interface StoredProfile {
  features: Record<string, ReferenceProfile>;
  types: Record<string, FeatureType>;
  overridden: string[];
}

// In the database a numerical profile's sorted values are one base64 string of float64s
// (`sortedB64`) instead of a JSON array: 100,000 values per feature load in milliseconds
// rather than seconds. Decoded profiles are cached per dataset and update time.

type Encoded = Omit<StoredProfile, "features"> & {
  features: Record<
    string,
    ReferenceProfile | (Omit<ReferenceProfile, "sorted"> & { sortedB64: string })
  >;
};

function encodeProfile(p: StoredProfile): Encoded {
  return {
    ...p,
    features: Object.fromEntries(
      Object.entries(p.features).map(([k, f]) => {
        if (f.kind !== "numerical") return [k, f];
        const { sorted, ...rest } = f;
        return [
          k,
          { ...rest, sortedB64: Buffer.from(new Float64Array(sorted).buffer).toString("base64") },
        ];
      }),
    ),
  };
}

function decodeProfile(e: Encoded): StoredProfile {
  return {
    ...e,
    features: Object.fromEntries(
      Object.entries(e.features).map(([k, f]) => {
        if (!("sortedB64" in f)) return [k, f as ReferenceProfile];
        const { sortedB64, ...rest } = f;
        const buf = Buffer.from(sortedB64, "base64");
        const sorted = Array.from(new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8));
        return [k, { ...rest, sorted } as ReferenceProfile];
      }),
    ),
  };
}

const profileCache = new Map<string, StoredProfile>();

/** A version's stored profile, decoded (cached until the upload changes). */
async function loadProfile(
  versionId: string,
): Promise<{ stored: StoredProfile; rowCount: number; updatedAt: Date } | null> {
  const { rows } = await pool().query<{ id: string; updated_at: Date; row_count: number }>(
    `SELECT id, updated_at, row_count FROM reference_datasets WHERE version_id = $1`,
    [versionId],
  );
  const row = rows[0];
  if (!row) return null;
  const key = `${row.id}@${row.updated_at.toISOString()}`;
  let stored = profileCache.get(key);
  if (!stored) {
    const { rows: p } = await pool().query<{ profile: string }>(
      `SELECT profile::text AS profile FROM reference_datasets WHERE id = $1`,
      [row.id],
    );
    stored = decodeProfile(JSON.parse(p[0].profile) as Encoded);
    if (profileCache.size > 50) profileCache.clear();
    profileCache.set(key, stored);
  }
  return { stored, rowCount: row.row_count, updatedAt: row.updated_at };
}

/** Rows (objects) to columns, every key of any row becoming a column. */
function columnsOf(rows: Record<string, Value>[]): Record<string, Value[]> {
  const names = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) names.add(k);
  if (names.size > MAX_REFERENCE_COLUMNS) throw tooManyColumns(names.size, "rows");
  const out: Record<string, Value[]> = {};
  for (const name of names) out[name] = rows.map((r) => r[name] ?? null);
  return out;
}

// Each column becomes a profile, a feature row and a drift statistic on every check: a
// thousand is far beyond any model's inputs and keeps that work bounded.
function tooManyColumns(count: number, path: string) {
  return invalidField(
    path,
    `at most ${MAX_REFERENCE_COLUMNS} columns (features), found ${count}`,
    `The reference data has ${count} columns; at most ${MAX_REFERENCE_COLUMNS}`,
  );
}

/** CSV text to rows: a header row, numbers cast, empty cells missing. Errors name the line. */
export function parseReferenceCsv(text: string): Record<string, Value>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, {
      // The header is checked before any data row is read.
      columns: (header: string[]) => {
        if (header.length > MAX_REFERENCE_COLUMNS) throw tooManyColumns(header.length, "body");
        return header;
      },
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: false,
      to: MAX_REFERENCE_ROWS + 1,
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    const message = (e as Error).message;
    throw invalidField("body", message, `The CSV could not be read: ${message}`);
  }
  if (rows.length === 0)
    throw invalidField(
      "body",
      "needs a header row and at least one data row",
      "The CSV has no data rows",
    );
  if (rows.length > MAX_REFERENCE_ROWS) {
    throw invalidField(
      "body",
      `more than ${MAX_REFERENCE_ROWS} data rows`,
      `At most ${MAX_REFERENCE_ROWS} rows`,
    );
  }
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => {
        if (v === "" || /^(na|nan|null)$/i.test(v)) return [k, null];
        const n = Number(v);
        return [k, Number.isFinite(n) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v) ? n : v];
      }),
    ),
  );
}

async function versionOf(slug: string, n: number) {
  const v = await db.modelVersion.findFirst({
    where: { model: { slug }, version: n },
    select: { id: true, version: true },
  });
  if (!v) throw notFound(`Version ${n} of model "${slug}"`);
  return v;
}

function summarize(version: number, rowCount: number, stored: StoredProfile, updatedAt: Date) {
  return {
    version,
    rowCount,
    features: Object.entries(stored.features).map(([name, p]) => ({
      name,
      type: p.kind,
      overridden: stored.overridden.includes(name),
      count: p.count,
      missing: p.missing,
      distinct: p.distinct,
      mean: p.kind === "numerical" ? p.mean : null,
      std: p.kind === "numerical" ? p.std : null,
      min: p.kind === "numerical" ? p.min : null,
      max: p.kind === "numerical" ? p.max : null,
      topCategories:
        p.kind === "categorical"
          ? [...p.categories].sort((a, b) => b[1] - a[1]).slice(0, 10)
          : null,
    })),
    updatedAt: updatedAt.toISOString(),
  };
}

/** Store a version's reference data as profiles (replacing any earlier upload). */
export async function putReference(
  actor: Actor,
  {
    slug,
    n,
    digest,
  }: {
    slug: string;
    n: number;
    /** sha256 (hex) of the payload as received, for the audit row; by default of the rows as JSON. */
    digest?: string;
  },
  input: { rows: Record<string, Value>[]; types?: Record<string, FeatureType> },
) {
  const version = await versionOf(slug, n);
  const columns = columnsOf(input.rows);
  const unknown = Object.keys(input.types ?? {}).filter((k) => !(k in columns));
  if (unknown.length) {
    const issues = unknown.map((k) => ({
      path: `types.${k}`,
      message: "no such column in the rows",
    }));
    throw invalidFields("Types for columns that are not in the rows", issues);
  }
  const features = profileDataset(columns, { types: input.types });
  const stored: StoredProfile = {
    features,
    types: Object.fromEntries(Object.entries(features).map(([k, p]) => [k, p.kind])),
    overridden: Object.keys(input.types ?? {}),
  };
  return db.$transaction(
    async (tx) => {
      const saved = await tx.referenceDataset.upsert({
        where: { versionId: version.id },
        create: {
          versionId: version.id,
          rowCount: input.rows.length,
          profile: encodeProfile(stored) as unknown as Prisma.InputJsonValue,
        },
        update: {
          rowCount: input.rows.length,
          profile: encodeProfile(stored) as unknown as Prisma.InputJsonValue,
        },
      });
      await tx.referenceFeature.deleteMany({ where: { datasetId: saved.id } });
      await tx.referenceFeature.createMany({
        data: Object.entries(features).map(([name, p]) => ({
          datasetId: saved.id,
          name,
          type: p.kind,
          overridden: stored.overridden.includes(name),
        })),
      });
      const summary = summarize(version.version, input.rows.length, stored, saved.updatedAt);
      // A summary, never the rows: the audit log is read widely and kept for ever, and reference
      // data may hold personal data. The hash says which upload it was.
      await recordAudit(tx, actor, {
        action: "reference.put",
        entityType: "model_version",
        entityId: version.id,
        after: {
          rows: input.rows.length,
          columns: Object.keys(features).length,
          types: stored.types,
          sha256: digest ?? createHash("sha256").update(JSON.stringify(input.rows)).digest("hex"),
        },
      });
      await refreshProgress(tx, { versionIds: [version.id] });
      return summary;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

export async function getReference(slug: string, n: number) {
  const version = await versionOf(slug, n);
  const ref = await loadProfile(version.id);
  if (!ref) throw notFound(`Reference data of version ${n}`);
  return summarize(version.version, ref.rowCount, ref.stored, ref.updatedAt);
}

/** A version's reference summary, or null when it has none (for pages that show either). */
export async function findReference(slug: string, n: number) {
  try {
    return await getReference(slug, n);
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") return null;
    throw e;
  }
}

/**
 * The current window's feature columns from the inference log (the newest rows, capped).
 * Features are stored as `json` (verbatim text), so reading 100,000 rows is a plain scan of
 * the (deployment, ts) index and one JSON.parse per row.
 */
async function currentColumns(
  deploymentId: string,
  features: Record<string, FeatureType>,
  from: Date,
  to: Date,
) {
  const names = Object.keys(features);
  const { rows } = await pool().query<{ features: Record<string, Value> }>(
    `SELECT features FROM predictions WHERE deployment_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts DESC LIMIT ${MAX_CURRENT_ROWS}`,
    [deploymentId, from.toISOString(), to.toISOString()],
  );
  const columns: Record<string, ArrayLike<Value>> = {};
  for (const name of names) {
    if (features[name] === "numerical") {
      const col = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const v = rows[i].features[name];
        col[i] = typeof v === "number" ? v : NaN;
      }
      columns[name] = col;
    } else {
      const col = new Array<Value>(rows.length);
      for (let i = 0; i < rows.length; i++) col[i] = rows[i].features[name] ?? null;
      columns[name] = col;
    }
  }
  return { count: rows.length, columns };
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
  const current = await currentColumns(deploymentId, stored.types, new Date(from), new Date(to));
  const results = Object.fromEntries(
    names.map((name) => {
      const own = config.features?.[name];
      return [
        name,
        featureDrift(stored.features[name], current.columns[name], {
          method: own?.method ?? config.method,
          threshold: own?.threshold ?? config.threshold,
        }),
      ];
    }),
  );
  const summary = summarizeDrift(results, config.driftShare);
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
    features: names.map((name) => {
      const r = results[name];
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
    }),
  };
}

/** Check and store a report; announce `drift.detected` when the deployment starts drifting. */
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
        features: result.features.map((f) => ({
          name: f.name,
          type: f.type,
          method: f.method,
          score: f.score,
          statistic: f.statistic,
          pValue: f.pValue,
          threshold: f.threshold,
          drifted: f.drifted,
        })),
        createdAt,
      },
    });
    if (result.drifted && !previous?.drifted) {
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
          driftedFeatures: result.features
            .filter((f) => f.drifted)
            .map((f) => ({
              name: f.name,
              method: f.method,
              score: f.score,
              threshold: f.threshold,
            })),
          reportId: report.id,
        },
      );
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
  for (const d of deployments) {
    const report = await recordDriftReport(
      d.id,
      { from: new Date(now.getTime() - 86_400_000), to: now },
      now,
    );
    if (report?.drifted) drifted++;
  }
  return { checked: deployments.length, drifted };
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
      createdAt: r.createdAt.toISOString(),
    })),
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
