import { z } from "zod";
import { finite, id, slug, timestamp } from "./common";

// Monitoring: what model servers push (metric points, predictions, late labels) and what the
// charts read back.

export const MAX_BATCH = 10_000;

/** What a metric name may be (also read by the compiled ingest validator, lib/http/fast-parse.ts). */
export const METRIC_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:/-]*$/;

export const metricName = z
  .string()
  .min(1, "is required")
  .max(120)
  .regex(METRIC_NAME_PATTERN, "letters, digits and _ . : / - only, starting with a letter or _")
  .meta({ example: "latency_ms" });

const DAY = 86_400_000;

/** A time no more than a day ahead of the server's clock. */
const pointTime = timestamp.refine(
  (t) => !(Date.parse(t) > Date.now() + DAY),
  "is more than a day in the future",
);

/** Which version a record of an endpoint belongs to (the `n` of `/versions/{n}`). */
export const versionNumber = z.number().int().min(1).max(1_000_000).meta({
  description:
    "The version that produced it. Optional: without it, the version running on the endpoint at `ts`; required while two versions run (a canary). On a deployment's own URL it must be that deployment's version.",
});

export const metricPoint = z
  .object({
    name: metricName,
    value: finite,
    ts: pointTime.optional().meta({ description: "Defaults to the time the batch arrives." }),
    version: versionNumber.optional(),
  })
  .strict();

export const metricBatch = z
  .object({
    points: z
      .array(metricPoint)
      .min(1, "send at least one point")
      .max(MAX_BATCH, `at most ${MAX_BATCH} points per request`),
  })
  .strict()
  .meta({ id: "MetricBatch" });

export type MetricBatch = z.infer<typeof metricBatch>;

const scalar = z.union([finite, z.string().max(10_000), z.boolean(), z.null()]);
const jsonValue = z.union([
  scalar,
  z.array(scalar).max(1000),
  z.record(z.string().max(200), scalar),
]);

export const predictionRecord = z
  .object({
    id: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x21-\x7e]+$/, "visible ASCII characters only")
      .optional()
      .meta({
        description:
          "Your request id; a record with an id already stored is skipped. Generated when absent.",
      }),
    ts: pointTime.optional(),
    features: z
      .record(z.string().max(200), jsonValue)
      .refine((f) => Object.keys(f).length <= 500, "at most 500 features"),
    prediction: jsonValue,
    confidence: finite
      .min(0, "must be between 0 and 1")
      .max(1, "must be between 0 and 1")
      .optional(),
    latencyMs: finite.min(0, "must not be negative").max(3_600_000).optional(),
    label: jsonValue.optional().meta({ description: "Ground truth, when already known." }),
    error: z.string().max(2000).optional().meta({ description: "Set when the request failed." }),
    version: versionNumber.optional(),
  })
  .strict();

export const predictionBatch = z
  .object({
    records: z
      .array(predictionRecord)
      .min(1, "send at least one record")
      .max(MAX_BATCH, `at most ${MAX_BATCH} records per request`),
  })
  .strict()
  .meta({ id: "PredictionBatch" });

export type PredictionBatch = z.infer<typeof predictionBatch>;

export const labelUpdate = z.object({ label: jsonValue }).strict().meta({ id: "LabelUpdate" });

export const accepted = z
  .object({ accepted: z.number().int(), duplicates: z.number().int() })
  .meta({ id: "Accepted" });

export const deploymentParams = z.object({ id });
const predictionId = z.string().min(1).max(128);
export const predictionParams = z.object({ id, predictionId });

/** An endpoint: one model on one target, whatever version runs there. */
export const endpointParams = z.object({ slug, target: slug });
export const endpointPredictionParams = endpointParams.extend({ predictionId });

/** Reads of a deployment: its own data, or its endpoint's across every release. */
export const across = z.enum(["deployment", "endpoint"]).optional().meta({
  description:
    "`endpoint`: the series of the deployment's endpoint (its model on its target) across every release, whatever version ran; default: this deployment only.",
});

export const release = z
  .object({
    deploymentId: id,
    version: z.number().int(),
    status: z.string(),
    activatedAt: timestamp,
    endedAt: timestamp.nullable(),
    rollback: z.boolean().meta({ description: "Made by a rollback." }),
  })
  .meta({ id: "Release" });

export const endpointInfo = z
  .object({
    model: z.string(),
    modelName: z.string(),
    target: z.string(),
    targetName: z.string(),
    environment: z.string(),
    running: z.array(z.object({ deploymentId: id, version: z.number().int() })),
    releases: z.array(release).meta({ description: "Every activation, oldest first." }),
  })
  .meta({ id: "Endpoint" });

const windowFigures = z.object({
  from: timestamp,
  to: timestamp,
  requests: z.number().int(),
  latencyP95: z.number().nullable(),
  errorRate: z.number().nullable(),
  labeled: z.number().int(),
  accuracy: z.number().nullable(),
});

export const releaseComparison = z
  .object({
    release: release,
    previousVersion: z.number().int().nullable(),
    before: windowFigures,
    after: windowFigures,
  })
  .meta({ id: "ReleaseComparison" });

export const comparisonQuery = z
  .object({
    deployment: id.meta({ description: "The release: the deployment whose activation it was." }),
    days: z.coerce.number().int().min(1).max(30).default(7),
  })
  .strict();

/** A time range: `from`/`to` as RFC 3339, or `range` back from now (1h, 24h, 7d, 30d). */
export const rangeQuery = z
  .object({
    from: timestamp.optional(),
    to: timestamp.optional(),
    range: z.enum(["1h", "6h", "24h", "7d", "30d"]).optional(),
  })
  .strict();

export const seriesQuery = rangeQuery
  .extend({
    name: metricName,
    buckets: z.coerce
      .number()
      .int()
      .min(1)
      .max(2000)
      .default(200)
      .meta({ description: "Upper bound on points returned (max 2000)." }),
    across,
  })
  .strict();

export const bucketPoint = z.object({
  ts: timestamp,
  count: z.number().int(),
  avg: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});

export const series = z
  .object({
    name: z.string(),
    from: timestamp,
    to: timestamp,
    bucketSeconds: z.number().int(),
    source: z
      .enum(["raw", "minute", "ten_minutes", "hour"])
      .meta({ description: "Raw points or which rollup answered (minute, 10-minute or hour)." }),
    points: z.array(bucketPoint),
  })
  .meta({ id: "MetricSeries" });

export const predictionQuery = z
  .object({
    from: timestamp.optional(),
    to: timestamp.optional(),
    minConfidence: z.coerce.number().min(0).max(1).optional(),
    maxConfidence: z.coerce.number().min(0).max(1).optional(),
    hasLabel: z.enum(["true", "false"]).optional(),
    hasError: z.enum(["true", "false"]).optional(),
    prediction: z.string().max(200).optional().meta({
      description:
        "Only records whose prediction equals this value (as JSON text or a plain string).",
    }),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).max(512).optional(),
    across,
  })
  .strict();

export const prediction = z
  .object({
    id: z.string(),
    deploymentId: id,
    version: z.number().int().optional().meta({ description: "In reads across an endpoint." }),
    ts: timestamp,
    features: z.record(z.string(), z.unknown()),
    prediction: z.unknown(),
    confidence: z.number().nullable(),
    latencyMs: z.number().nullable(),
    label: z.unknown(),
    labeledAt: timestamp.nullable(),
    error: z.string().nullable(),
    correct: z
      .boolean()
      .nullable()
      .meta({ description: "Prediction equals the label, when both are known." }),
  })
  .meta({ id: "Prediction" });

export type PredictionDto = z.input<typeof prediction>;

export const summaryQuery = rangeQuery
  .extend({ buckets: z.coerce.number().int().min(1).max(2000).default(120), across })
  .strict();

export const predictionSummary = z
  .object({
    from: timestamp,
    to: timestamp,
    bucketSeconds: z.number().int(),
    points: z.array(
      z.object({
        ts: timestamp,
        count: z.number().int(),
        perSecond: z.number(),
        errorRate: z.number().nullable(),
        latencyP50: z.number().nullable(),
        latencyP95: z.number().nullable(),
        latencyP99: z.number().nullable(),
        labeled: z.number().int(),
        accuracy: z.number().nullable(),
      }),
    ),
    confidence: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
    totals: z.object({
      count: z.number().int(),
      errors: z.number().int(),
      labeled: z.number().int(),
      correct: z.number().int(),
    }),
  })
  .meta({ id: "PredictionSummary" });
