import { z } from "zod";
import { FeatureType } from "@/lib/generated/prisma/enums";
import { finite, timestamp } from "./common";

// Reference data and drift: what a version was trained on, and how production differs.

export const MAX_REFERENCE_ROWS = 100_000;
export const MAX_REFERENCE_COLUMNS = 1000;
export const driftMethods = [
  "ks",
  "chisquare",
  "z",
  "wasserstein",
  "jensenshannon",
  "psi",
] as const;
const featureType = z.enum(FeatureType);
export const featureTypes = featureType.options;

const featureName = z.string().min(1).max(200);
const cell = z.union([finite, z.string().max(1000), z.boolean(), z.null()]);

export const driftConfig = z
  .object({
    driftShare: z.number().gt(0).max(1).optional().meta({
      description: "Share of drifted features at which the dataset drifts (default 0.5).",
    }),
    method: z
      .enum(driftMethods)
      .optional()
      .meta({ description: "Method for every feature (default: Evidently's choice per feature)." }),
    threshold: finite.optional(),
    features: z
      .record(
        featureName,
        z
          .object({ method: z.enum(driftMethods).optional(), threshold: finite.optional() })
          .strict(),
      )
      .optional()
      .meta({ description: "Per-feature method and threshold." }),
  })
  .strict()
  .meta({ id: "DriftConfig" });

export type DriftConfig = z.infer<typeof driftConfig>;

export const referenceUpload = z
  .object({
    rows: z
      .array(z.record(featureName, cell))
      .min(1, "send at least one row")
      .max(MAX_REFERENCE_ROWS, `at most ${MAX_REFERENCE_ROWS} rows`),
    types: z
      .record(featureName, featureType)
      .optional()
      .meta({ description: "Override the inferred type of some features." }),
  })
  .strict()
  .meta({ id: "ReferenceUpload" });

const referenceColumn = z.object({
  name: z.string(),
  type: featureType,
  overridden: z.boolean(),
  count: z.number().int(),
  missing: z.number().int(),
  distinct: z.number().int(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  topCategories: z
    .array(z.tuple([z.union([z.string(), z.number(), z.boolean()]), z.number()]))
    .nullable(),
});

export const referenceSummary = z
  .object({
    version: z.number().int(),
    rowCount: z.number().int(),
    features: z.array(referenceColumn),
    prediction: referenceColumn
      .nullable()
      .meta({ description: "The `prediction` column (the model's output), when uploaded." }),
    target: referenceColumn
      .nullable()
      .meta({ description: "The `target` column (the true labels), when uploaded." }),
    performanceEstimation: z
      .object({
        available: z.boolean(),
        kind: z.enum(["binary", "multiclass"]).nullable(),
        positive: z.union([z.string(), z.number(), z.boolean()]).nullable(),
        referenceAccuracy: z.number().nullable(),
        note: z.string().nullable(),
      })
      .meta({
        description:
          "Whether accuracy can be estimated before labels arrive: the reference needs `prediction`, `target` and `confidence` columns (confidence calibrated with isotonic regression).",
      }),
    updatedAt: timestamp,
  })
  .meta({ id: "ReferenceSummary" });

export const driftQuery = z
  .object({
    from: timestamp.optional(),
    to: timestamp.optional(),
    range: z.enum(["1h", "6h", "24h", "7d", "30d"]).optional(),
  })
  .strict();

const histogram = z.union([
  z.object({ kind: z.literal("bins"), edges: z.array(z.number()), counts: z.array(z.number()) }),
  z.object({
    kind: z.literal("categories"),
    categories: z.array(z.union([z.string(), z.number(), z.boolean()])),
    counts: z.array(z.number()),
  }),
]);

const share = z.number().min(0).max(1);

export const featureQuality = z
  .object({
    count: z.number().int(),
    missing: share,
    wrongType: share,
    outOfRange: share
      .nullable()
      .meta({ description: "Numerical features: outside the reference's range." }),
    unseen: share
      .nullable()
      .meta({ description: "Categorical features: categories the reference never had." }),
  })
  .meta({ id: "FeatureQuality" });

const driftEntry = z.object({
  name: z.string(),
  type: featureType,
  method: z.enum(driftMethods),
  statistic: z.number().nullable(),
  pValue: z.number().nullable(),
  score: z.number().nullable(),
  threshold: z.number(),
  drifted: z.boolean(),
  reference: histogram,
  current: histogram,
});

export const driftResult = z
  .object({
    deploymentId: z.string(),
    model: z.string(),
    version: z.number().int(),
    from: timestamp,
    to: timestamp,
    rowCount: z.number().int(),
    drifted: z.boolean(),
    share: z.number(),
    driftShare: z.number(),
    prediction: driftEntry.nullable().meta({
      description:
        "Prediction drift: the window's predictions against the reference's `prediction` column (null without one).",
    }),
    target: driftEntry.nullable().meta({
      description:
        "Label drift: the labels that arrived for the window against the reference's `target` column (null without one, or with no labels yet).",
    }),
    labeledCount: z.number().int(),
    features: z.array(driftEntry.extend({ quality: featureQuality })),
  })
  .meta({ id: "DriftResult" });

export type DriftResultDto = z.input<typeof driftResult>;

export const driftHistory = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        from: timestamp,
        to: timestamp,
        rowCount: z.number().int(),
        drifted: z.boolean(),
        share: z.number(),
        scores: z.record(z.string(), z.number().nullable()),
        predictionScore: z.number().nullable(),
        predictionDrifted: z.boolean().nullable(),
        quality: z
          .number()
          .nullable()
          .meta({ description: "The worst feature's data quality share." }),
        createdAt: timestamp,
      }),
    ),
  })
  .meta({ id: "DriftHistory" });

// ─────────────── concept drift and performance estimated without labels ───────────────

const detectorKind = z.enum(["ddm", "page_hinkley", "adwin"]);

export const conceptDriftResult = z
  .object({
    from: timestamp,
    to: timestamp,
    bucketSeconds: z.number().int(),
    note: z.string().nullable().meta({ description: "Why nothing is watched, when nothing is." }),
    series: z
      .array(z.object({ ts: timestamp, count: z.number().int(), errorRate: z.number().nullable() }))
      .meta({ description: "The labelled error rate per bucket, by prediction time." }),
    signals: z.array(
      z.object({
        detector: detectorKind,
        level: z.enum(["warning", "drift"]),
        direction: z.enum(["up", "down"]).nullable(),
        outcomeIndex: z.number().int().meta({ description: "0-based, in the detector's stream." }),
        ts: timestamp.meta({ description: "When the prediction behind that outcome was made." }),
        errorRate: z.number().nullable(),
      }),
    ),
    detectors: z.array(
      z.object({
        kind: detectorKind,
        level: z.enum(["stable", "warning", "drift"]),
        seen: z.number().int().meta({ description: "Outcomes fed so far." }),
        errorRate: z.number().nullable(),
        updatedAt: timestamp.nullable(),
      }),
    ),
  })
  .meta({ id: "ConceptDrift" });

const estimate = z.object({
  value: z.number(),
  lower: z.number(),
  upper: z.number(),
  samplingError: z.number(),
});

export const performanceResult = z
  .object({
    from: timestamp,
    to: timestamp,
    bucketSeconds: z.number().int(),
    available: z.boolean(),
    note: z.string().nullable(),
    kind: z.enum(["binary", "multiclass"]).nullable(),
    positive: z.union([z.string(), z.number(), z.boolean()]).nullable(),
    requirement: z
      .object({ metric: z.enum(["accuracy", "precision", "recall", "f1"]), value: z.number() })
      .nullable(),
    points: z.array(
      z.object({
        ts: timestamp,
        count: z.number().int(),
        skipped: z
          .number()
          .int()
          .meta({ description: "Predictions without a usable confidence or class, left out." }),
        estimated: z.object({
          accuracy: estimate.nullable(),
          precision: estimate.nullable(),
          recall: estimate.nullable(),
          f1: estimate.nullable(),
        }),
        realized: z.object({
          count: z.number().int(),
          skipped: z.number().int(),
          accuracy: z.number().nullable(),
          precision: z.number().nullable(),
          recall: z.number().nullable(),
          f1: z.number().nullable(),
        }),
      }),
    ),
  })
  .meta({ id: "EstimatedPerformance" });
