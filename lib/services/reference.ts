import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError, invalidField, invalidFields, notFound } from "@/lib/errors";
import { pool } from "@/lib/pg";
import { MAX_REFERENCE_COLUMNS, MAX_REFERENCE_ROWS } from "@/lib/schemas/drift";
import { type CbpeModel, fitCbpe } from "@/lib/stats/cbpe";
import {
  type FeatureType,
  type ReferenceProfile,
  type Value,
  profileDataset,
} from "@/lib/stats/drift";
import { type Actor, recordAudit } from "./audit";
import { refreshProgress } from "./checklist/progress";

// A version's reference data: the rows it was trained or validated on, profiled once (sorted
// sample, counts, moments) and stored as profiles only. Three column names are the model's
// output rather than its inputs: `prediction` (what the model answered), `target` (the true
// label) and `confidence` (the model's probability for the class it predicted). Prediction and
// target are profiled like features, for prediction and label drift; with all three, the
// confidences are calibrated against the labels for performance estimation (CBPE).

export const OUTPUT_COLUMNS = ["prediction", "target", "confidence"] as const;

export interface StoredProfile {
  features: Record<string, ReferenceProfile>;
  types: Record<string, FeatureType>;
  overridden: string[];
  /** The model's output and the true labels, when the reference has those columns. */
  outputs?: { prediction?: ReferenceProfile; target?: ReferenceProfile };
  /** Confidence calibration for performance estimation; null with `cbpeNote` saying why not. */
  cbpe?: CbpeModel | null;
  cbpeNote?: string | null;
}

// In the database a numerical profile's sorted values are one base64 string of float64s
// (`sortedB64`) instead of a JSON array: 100,000 values per feature load in milliseconds
// rather than seconds. Decoded profiles are cached per dataset and update time.

type EncodedOne = ReferenceProfile | (Omit<ReferenceProfile, "sorted"> & { sortedB64: string });
type Encoded = Omit<StoredProfile, "features" | "outputs"> & {
  features: Record<string, EncodedOne>;
  outputs?: Record<string, EncodedOne>;
};

function encodeOne(f: ReferenceProfile): EncodedOne {
  if (f.kind !== "numerical") return f;
  const { sorted, ...rest } = f;
  return { ...rest, sortedB64: Buffer.from(new Float64Array(sorted).buffer).toString("base64") };
}

function decodeOne(f: EncodedOne): ReferenceProfile {
  if (!("sortedB64" in f)) return f as ReferenceProfile;
  const { sortedB64, ...rest } = f;
  const buf = Buffer.from(sortedB64, "base64");
  const sorted = Array.from(new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8));
  return { ...rest, sorted } as ReferenceProfile;
}

const mapValues = <A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

function encodeProfile(p: StoredProfile): Encoded {
  return {
    ...p,
    features: mapValues(p.features, encodeOne),
    outputs: p.outputs && mapValues(p.outputs as Record<string, ReferenceProfile>, encodeOne),
  };
}

function decodeProfile(e: Encoded): StoredProfile {
  return {
    ...e,
    features: mapValues(e.features, decodeOne),
    outputs: e.outputs && mapValues(e.outputs, decodeOne),
  };
}

const profileCache = new Map<string, StoredProfile>();

/** A version's stored profile, decoded (cached until the upload changes). */
export async function loadProfile(
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
    const encoded = JSON.parse(p[0].profile) as Partial<Encoded>;
    // A profile without features (written by hand, or by a bug) is no reference at all.
    if (typeof encoded.features !== "object" || encoded.features === null) return null;
    stored = decodeProfile(encoded as Encoded);
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

function summarizeColumn(name: string, p: ReferenceProfile, overridden: boolean) {
  return {
    name,
    type: p.kind,
    overridden,
    count: p.count,
    missing: p.missing,
    distinct: p.distinct,
    mean: p.kind === "numerical" ? p.mean : null,
    std: p.kind === "numerical" ? p.std : null,
    min: p.kind === "numerical" ? p.min : null,
    max: p.kind === "numerical" ? p.max : null,
    topCategories:
      p.kind === "categorical" ? [...p.categories].sort((a, b) => b[1] - a[1]).slice(0, 10) : null,
  };
}

function summarize(version: number, rowCount: number, stored: StoredProfile, updatedAt: Date) {
  const output = (name: "prediction" | "target") => {
    const p = stored.outputs?.[name];
    return p ? summarizeColumn(name, p, stored.overridden.includes(name)) : null;
  };
  return {
    version,
    rowCount,
    features: Object.entries(stored.features).map(([name, p]) =>
      summarizeColumn(name, p, stored.overridden.includes(name)),
    ),
    prediction: output("prediction"),
    target: output("target"),
    performanceEstimation: stored.cbpe
      ? {
          available: true,
          kind: stored.cbpe.kind,
          positive: stored.cbpe.positive,
          referenceAccuracy: stored.cbpe.reference.accuracy,
          note: null,
        }
      : {
          available: false,
          kind: null,
          positive: null,
          referenceAccuracy: null,
          note:
            stored.cbpeNote ??
            "Performance is estimated when the reference has prediction, target and confidence columns.",
        },
    updatedAt: updatedAt.toISOString(),
  };
}

/** Feature columns, the model's output columns, and the calibration those allow. */
function profileColumns(
  columns: Record<string, Value[]>,
  types: Record<string, FeatureType> = {},
): StoredProfile {
  const inputs: Record<string, Value[]> = {};
  for (const [name, values] of Object.entries(columns))
    if (!(OUTPUT_COLUMNS as readonly string[]).includes(name)) inputs[name] = values;
  const features = profileDataset(inputs, { types });
  const outputs = profileDataset(
    Object.fromEntries(
      (["prediction", "target"] as const).filter((k) => k in columns).map((k) => [k, columns[k]]),
    ),
    { types },
  );
  let cbpe: CbpeModel | null = null;
  let cbpeNote: string | null = null;
  const { prediction, target, confidence } = columns;
  if (prediction && target && confidence) {
    try {
      cbpe = fitCbpe({
        prediction,
        target,
        confidence: confidence.map((c) => (typeof c === "number" ? c : null)),
      });
    } catch (e) {
      cbpeNote = `Performance cannot be estimated: ${(e as Error).message}`;
    }
  }
  return {
    features,
    types: Object.fromEntries(Object.entries(features).map(([k, p]) => [k, p.kind])),
    overridden: Object.keys(types),
    outputs,
    cbpe,
    cbpeNote,
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
  const stored = profileColumns(columns, input.types);
  const features = stored.features;
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
          columns: Object.keys(columns).length,
          types: stored.types,
          outputs: Object.keys(stored.outputs ?? {}),
          performanceEstimation: stored.cbpe !== null,
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
