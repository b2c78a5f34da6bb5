import type pg from "pg";
import protobuf from "protobufjs";
import { env } from "@/lib/env";
import {
  badRequest,
  type FieldIssue,
  payloadTooLarge,
  unsupportedMediaType,
  validationFailed,
} from "@/lib/errors";
import { metricName } from "@/lib/schemas/monitoring";
import type { Principal } from "@/lib/permissions";
import { parseJsonBody } from "@/lib/json-body";
import { transaction } from "@/lib/pg";
import { countJsonContainers, countOtlpJson, countOtlpProtobuf } from "@/lib/services/otlp-budget";
import { assertMayIngest, assertMayIngestEndpoint } from "@/lib/services/tokens";
import { assignReleases, type Endpoint, findEndpoint } from "./endpoints";
import { oldestAccepted, type Point, writePoints } from "@/lib/timeseries/store";

// OpenTelemetry OTLP/HTTP metrics ingestion (`POST /api/v1/otlp/v1/metrics`): what an OTel
// SDK or Collector exports, in JSON or protobuf, possibly gzip-encoded, becomes metric points.
//
// - The deployment is the resource attribute `modelgate.deployment.id` of each ResourceMetrics.
// - Gauge and Sum data points → one point each, `metric.name` = asDouble ?? asInt at
//   timeUnixNano (a cumulative Sum is stored as its running total, as exported).
// - Histogram data points → `<name>.count`, `<name>.sum`, `<name>` (the mean, when count > 0) and
//   `<name>.p50/.p95/.p99` estimated from the buckets (histogramQuantile below).
// - ExponentialHistogram and Summary metrics are ignored (accepted, nothing stored).
// - Data point attributes are ignored: a series is (deployment, metric name). When one metric
//   has several attribute sets at the same timestamp, their points collide on the store's key
//   (deployment, name, ts) and all but the first are dropped as duplicates. That is accepted:
//   send one attribute set per metric, or put what distinguishes series in the metric name.
// - All or nothing, like the other ingestion endpoints: every problem is listed in one 400
//   and nothing is stored. Retries are harmless: points already stored are skipped.
//
// Protobuf is decoded with protobufjs from the OTLP message definitions below (the subset of
// opentelemetry-proto that metrics export uses, same field numbers); the official
// @opentelemetry/otlp-transformer no longer ships a decoder. The decoded message is turned into
// the OTLP/JSON shape (camelCase fields, 64-bit integers as strings), so both encodings share
// one validation path.

export const DEPLOYMENT_ATTRIBUTE = "modelgate.deployment.id";
/** An endpoint: the model's slug and the target's, whatever version runs there. */
export const MODEL_ATTRIBUTE = "modelgate.model";
export const TARGET_ATTRIBUTE = "modelgate.target";
/** OpenTelemetry's semantic convention for the version of the service: the model's version. */
export const VERSION_ATTRIBUTE = "service.version";
/** Largest number of points one request may produce (a histogram data point makes up to six). */
export const MAX_OTLP_POINTS = 100_000;

const DAY_MS = 86_400_000;

// ─── protobuf ────────────────────────────────────────────────────────────────

const optional = (type: string, id: number) => ({ type, id, options: { proto3_optional: true } });

const otlpDescriptor = {
  nested: {
    opentelemetry: {
      nested: {
        proto: {
          nested: {
            common: {
              nested: {
                v1: {
                  nested: {
                    AnyValue: {
                      oneofs: {
                        value: {
                          oneof: [
                            "stringValue",
                            "boolValue",
                            "intValue",
                            "doubleValue",
                            "arrayValue",
                            "kvlistValue",
                            "bytesValue",
                          ],
                        },
                      },
                      fields: {
                        stringValue: { type: "string", id: 1 },
                        boolValue: { type: "bool", id: 2 },
                        intValue: { type: "int64", id: 3 },
                        doubleValue: { type: "double", id: 4 },
                        arrayValue: { type: "ArrayValue", id: 5 },
                        kvlistValue: { type: "KeyValueList", id: 6 },
                        bytesValue: { type: "bytes", id: 7 },
                      },
                    },
                    ArrayValue: {
                      fields: { values: { rule: "repeated", type: "AnyValue", id: 1 } },
                    },
                    KeyValueList: {
                      fields: { values: { rule: "repeated", type: "KeyValue", id: 1 } },
                    },
                    KeyValue: {
                      fields: {
                        key: { type: "string", id: 1 },
                        value: { type: "AnyValue", id: 2 },
                      },
                    },
                    InstrumentationScope: {
                      fields: {
                        name: { type: "string", id: 1 },
                        version: { type: "string", id: 2 },
                        attributes: { rule: "repeated", type: "KeyValue", id: 3 },
                        droppedAttributesCount: { type: "uint32", id: 4 },
                      },
                    },
                  },
                },
              },
            },
            resource: {
              nested: {
                v1: {
                  nested: {
                    Resource: {
                      fields: {
                        attributes: {
                          rule: "repeated",
                          type: "opentelemetry.proto.common.v1.KeyValue",
                          id: 1,
                        },
                        droppedAttributesCount: { type: "uint32", id: 2 },
                      },
                    },
                  },
                },
              },
            },
            metrics: {
              nested: {
                v1: {
                  nested: {
                    ResourceMetrics: {
                      fields: {
                        resource: { type: "opentelemetry.proto.resource.v1.Resource", id: 1 },
                        scopeMetrics: { rule: "repeated", type: "ScopeMetrics", id: 2 },
                        schemaUrl: { type: "string", id: 3 },
                      },
                    },
                    ScopeMetrics: {
                      fields: {
                        scope: {
                          type: "opentelemetry.proto.common.v1.InstrumentationScope",
                          id: 1,
                        },
                        metrics: { rule: "repeated", type: "Metric", id: 2 },
                        schemaUrl: { type: "string", id: 3 },
                      },
                    },
                    Metric: {
                      oneofs: {
                        data: {
                          oneof: ["gauge", "sum", "histogram", "exponentialHistogram", "summary"],
                        },
                      },
                      fields: {
                        name: { type: "string", id: 1 },
                        description: { type: "string", id: 2 },
                        unit: { type: "string", id: 3 },
                        gauge: { type: "Gauge", id: 5 },
                        sum: { type: "Sum", id: 7 },
                        histogram: { type: "Histogram", id: 9 },
                        exponentialHistogram: { type: "ExponentialHistogram", id: 10 },
                        summary: { type: "Summary", id: 11 },
                      },
                    },
                    AggregationTemporality: {
                      values: {
                        AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
                        AGGREGATION_TEMPORALITY_DELTA: 1,
                        AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
                      },
                    },
                    Gauge: {
                      fields: { dataPoints: { rule: "repeated", type: "NumberDataPoint", id: 1 } },
                    },
                    Sum: {
                      fields: {
                        dataPoints: { rule: "repeated", type: "NumberDataPoint", id: 1 },
                        aggregationTemporality: { type: "AggregationTemporality", id: 2 },
                        isMonotonic: { type: "bool", id: 3 },
                      },
                    },
                    Histogram: {
                      fields: {
                        dataPoints: { rule: "repeated", type: "HistogramDataPoint", id: 1 },
                        aggregationTemporality: { type: "AggregationTemporality", id: 2 },
                      },
                    },
                    // Ignored kinds: only their presence matters (their fields are skipped on decode).
                    ExponentialHistogram: { fields: {} },
                    Summary: { fields: {} },
                    // Data point attributes (7 here, 9 in HistogramDataPoint), start times and flags
                    // are ignored, so they are left out: protobufjs skips unknown fields without
                    // allocating (a 64-bit start time cost a Long and a string per point).
                    NumberDataPoint: {
                      oneofs: { value: { oneof: ["asDouble", "asInt"] } },
                      fields: {
                        timeUnixNano: { type: "fixed64", id: 3 },
                        asDouble: { type: "double", id: 4 },
                        asInt: { type: "sfixed64", id: 6 },
                      },
                    },
                    HistogramDataPoint: {
                      oneofs: {
                        _sum: { oneof: ["sum"] },
                        _min: { oneof: ["min"] },
                        _max: { oneof: ["max"] },
                      },
                      fields: {
                        timeUnixNano: { type: "fixed64", id: 3 },
                        count: { type: "fixed64", id: 4 },
                        sum: optional("double", 5),
                        bucketCounts: { rule: "repeated", type: "fixed64", id: 6 },
                        explicitBounds: { rule: "repeated", type: "double", id: 7 },
                        min: optional("double", 11),
                        max: optional("double", 12),
                      },
                    },
                  },
                },
              },
            },
            collector: {
              nested: {
                metrics: {
                  nested: {
                    v1: {
                      nested: {
                        ExportMetricsServiceRequest: {
                          fields: {
                            resourceMetrics: {
                              rule: "repeated",
                              type: "opentelemetry.proto.metrics.v1.ResourceMetrics",
                              id: 1,
                            },
                          },
                        },
                        ExportMetricsServiceResponse: {
                          fields: {
                            partialSuccess: { type: "ExportMetricsPartialSuccess", id: 1 },
                          },
                        },
                        ExportMetricsPartialSuccess: {
                          fields: {
                            rejectedDataPoints: { type: "int64", id: 1 },
                            errorMessage: { type: "string", id: 2 },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

type OtlpTypes = {
  request: protobuf.Type;
  response: protobuf.Type;
  /** The request with every `dataPoints` left as raw bytes (same wire format), decoded later. */
  shallowRequest: protobuf.Type;
  numberDataPoint: protobuf.Type;
  histogramDataPoint: protobuf.Type;
};
let types: OtlpTypes | undefined;

function otlpTypes(): OtlpTypes {
  if (!types) {
    const root = protobuf.Root.fromJSON(otlpDescriptor);
    // A repeated message field and a repeated bytes field look the same on the wire: declared as
    // bytes, data points are kept as views into the body, to be decoded in slices.
    const shallow = structuredClone(otlpDescriptor);
    const metrics = shallow.nested.opentelemetry.nested.proto.nested.metrics.nested.v1.nested;
    for (const kind of [metrics.Gauge, metrics.Sum, metrics.Histogram]) {
      kind.fields.dataPoints = { rule: "repeated", type: "bytes", id: 1 };
    }
    const shallowRoot = protobuf.Root.fromJSON(shallow);
    const name = "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest";
    types = {
      request: root.lookupType(name),
      response: root.lookupType(
        "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse",
      ),
      shallowRequest: shallowRoot.lookupType(name),
      numberDataPoint: root.lookupType("opentelemetry.proto.metrics.v1.NumberDataPoint"),
      histogramDataPoint: root.lookupType("opentelemetry.proto.metrics.v1.HistogramDataPoint"),
    };
  }
  return types;
}

/** Data points decoded between two yields to the event loop (a few milliseconds of work). */
const DECODE_SLICE = 5000;
const toObjectOptions = { longs: String, enums: Number, defaults: false } as const;

/**
 * An ExportMetricsServiceRequest in protobuf → the same request in OTLP/JSON shape. The data
 * points, which are nearly all of a large request, are decoded a slice at a time with a yield
 * between slices, so other requests (and /api/health) are served while a big export decodes.
 */
export async function decodeOtlpProtobuf(bytes: Uint8Array): Promise<unknown> {
  // Counted first (cheap, stops at the first cap), so a request is refused before it allocates.
  countOtlpProtobuf(bytes);
  const t = otlpTypes();
  const malformed = (e: unknown) =>
    badRequest(`Malformed protobuf ExportMetricsServiceRequest: ${(e as Error).message}`);
  let shallow: Obj;
  try {
    // Without a `bytes` option, bytes stay as they are: the data points remain raw.
    shallow = t.shallowRequest.toObject(t.shallowRequest.decode(bytes), toObjectOptions);
  } catch (e) {
    throw malformed(e);
  }
  let sinceYield = 0;
  for (const rm of (shallow.resourceMetrics as Obj[] | undefined) ?? []) {
    for (const sm of (rm.scopeMetrics as Obj[] | undefined) ?? []) {
      for (const metric of (sm.metrics as Obj[] | undefined) ?? []) {
        for (const kind of ["gauge", "sum", "histogram"] as const) {
          const data = metric[kind] as Obj | undefined;
          const raw = data?.dataPoints as Uint8Array[] | undefined;
          if (!data || !raw) continue;
          const type = kind === "histogram" ? t.histogramDataPoint : t.numberDataPoint;
          const points: unknown[] = [];
          for (const dp of raw) {
            try {
              points.push(type.toObject(type.decode(dp), toObjectOptions));
            } catch (e) {
              throw malformed(e);
            }
            if (++sinceYield >= DECODE_SLICE) {
              sinceYield = 0;
              await new Promise((resolve) => setImmediate(resolve));
            }
          }
          data.dataPoints = points;
        }
      }
    }
  }
  return shallow;
}

/** The empty ExportMetricsServiceResponse (full success) in protobuf. */
export function encodeOtlpSuccess(): Uint8Array {
  const { response } = otlpTypes();
  return response.encode(response.create({})).finish();
}

// ─── the body ────────────────────────────────────────────────────────────────

export type OtlpFormat = "json" | "protobuf";

/** Which encoding a Content-Type names; anything else is refused with 415. */
export function otlpFormat(contentType: string | null): OtlpFormat {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  throw unsupportedMediaType("Send OTLP metrics as application/json or application/x-protobuf.");
}

/** The request body (already de-gzipped) → an ExportMetricsServiceRequest in OTLP/JSON shape. */
export async function parseOtlpBody(bytes: Buffer, format: OtlpFormat): Promise<unknown> {
  if (format === "protobuf") return await decodeOtlpProtobuf(bytes);
  countJsonContainers(bytes);
  if (bytes.length < 4096 && bytes.toString("utf8").trim() === "")
    throw badRequest(
      "The request body is empty; an ExportMetricsServiceRequest JSON object is required.",
    );
  // Counted above against the OTLP cap; large bodies are parsed in slices that yield.
  const parsed = await parseJsonBody(bytes, { maxContainers: Number.MAX_SAFE_INTEGER, what: "" });
  if (!isObject(parsed))
    throw badRequest("The body must be a JSON object (an ExportMetricsServiceRequest).");
  return parsed;
}

// ─── histogram quantiles ─────────────────────────────────────────────────────

export interface ExplicitHistogram {
  /** Upper bounds of all buckets but the last, increasing. */
  explicitBounds: number[];
  /** explicitBounds.length + 1 counts: (-∞, b0], (b0, b1], …, (b_last, +∞). */
  bucketCounts: number[];
  min?: number;
  max?: number;
}

/**
 * Estimate the q-quantile (0 < q ≤ 1) of an explicit-bucket histogram: find the bucket holding
 * rank q·total and interpolate linearly inside it. Bucket edges are narrowed to [min, max] when
 * those are known, which also closes the open-ended first and last buckets. Without min, the
 * first bucket is taken to start at 0 when its upper bound is positive (values such as latencies
 * are non-negative); without max, a quantile in the last bucket is its lower bound. Returns null
 * when the histogram is empty or the quantile cannot be placed.
 */
export function histogramQuantile(q: number, h: ExplicitHistogram): number | null {
  const { explicitBounds: bounds, bucketCounts: counts } = h;
  if (!(q > 0 && q <= 1) || counts.length === 0 || counts.length !== bounds.length + 1) return null;
  const total = counts.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return null;
  const rank = q * total;
  let before = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (n <= 0 || before + n < rank) {
      before += Math.max(n, 0);
      continue;
    }
    let lo = i > 0 ? bounds[i - 1] : -Infinity;
    let hi = i < bounds.length ? bounds[i] : Infinity;
    if (h.min !== undefined && Number.isFinite(h.min)) lo = Math.max(lo, h.min);
    if (h.max !== undefined && Number.isFinite(h.max)) hi = Math.min(hi, h.max);
    if (lo === -Infinity && hi === Infinity) return null;
    if (lo === -Infinity) {
      if (hi <= 0) return hi;
      lo = 0;
    }
    if (hi === Infinity) return lo;
    if (hi < lo) return lo;
    return lo + ((hi - lo) * (rank - before)) / n;
  }
  return null;
}

const QUANTILES: [suffix: string, q: number][] = [
  ["p50", 0.5],
  ["p95", 0.95],
  ["p99", 0.99],
];

// ─── OTLP/JSON → points ──────────────────────────────────────────────────────

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A repeated field: absent means empty; anything but an array is a problem. */
function list(v: unknown, path: string, issues: FieldIssue[]): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  issues.push({ path, message: "must be an array" });
  return [];
}

/** A double per the proto3 JSON mapping: a number, or a string ("1.5", "NaN", "Infinity"). */
function double(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "") return Number(v);
  return undefined;
}

/** A 64-bit integer per the proto3 JSON mapping: a decimal string or a number. */
function int64(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) ? v : NaN;
  if (typeof v === "string") return /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  return undefined;
}

/** timeUnixNano → milliseconds; undefined when absent or 0 (the arrival time is used then). */
function nanosToMillis(v: unknown): number | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string" && /^\d+$/.test(v.trim())) {
    // Floor division by 10^6 on the decimal digits: exact, and far cheaper than a BigInt per point.
    const digits = v.trim();
    const ms = digits.length > 6 ? Number(digits.slice(0, -6)) : 0;
    return ms === 0 ? undefined : ms;
  }
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) {
    const ms = Math.floor(v / 1e6);
    return ms === 0 ? undefined : ms;
  }
  return null;
}

function stringAttribute(
  attributes: unknown[],
  key: string,
): { index: number; value: unknown } | undefined {
  const index = attributes.findIndex((a) => isObject(a) && a.key === key);
  if (index < 0) return undefined;
  const value = (attributes[index] as Obj).value;
  return { index, value: isObject(value) ? value.stringValue : undefined };
}

export interface OtlpPoints {
  /** An endpoint's points carry its key (`endpoint:<n>`) until they are placed on a release. */
  points: Point[];
  /** Each deployment id named, with where (for an unknown-deployment problem). */
  deployments: { id: string; path: string }[];
  /** Each endpoint named (model and target attributes), by key. */
  endpoints: Map<string, OtlpEndpoint>;
  issues: FieldIssue[];
}

export interface OtlpEndpoint {
  model: string;
  target: string;
  version?: number;
  path: string;
}

const ENDPOINT_KEY = "endpoint:";

/**
 * Where a resource's points go: `modelgate.deployment.id` (one deployment), or
 * `modelgate.model` + `modelgate.target` (an endpoint, with `service.version` naming the
 * version when two run). Returns the deployment id or endpoint key, or undefined (problem noted).
 */
function resourceTarget(
  attributes: unknown[],
  attrPath: string,
  into: Pick<OtlpPoints, "issues" | "deployments" | "endpoints">,
): string | undefined {
  const { issues } = into;
  const text = (key: string) => {
    const a = stringAttribute(attributes, key);
    if (!a) return undefined;
    if (typeof a.value !== "string" || a.value.trim() === "") {
      issues.push({
        path: `${attrPath}.${a.index}.value`,
        message: `"${key}" must be a non-empty stringValue`,
      });
      return null;
    }
    return { value: a.value.trim(), path: `${attrPath}.${a.index}.value.stringValue` };
  };
  const deployment = text(DEPLOYMENT_ATTRIBUTE);
  const model = text(MODEL_ATTRIBUTE);
  const target = text(TARGET_ATTRIBUTE);
  if (deployment === null || model === null || target === null) return undefined;
  if (deployment) {
    into.deployments.push({ id: deployment.value, path: deployment.path });
    return deployment.value;
  }
  if (!model || !target) {
    issues.push({
      path: attrPath,
      message: `needs the attributes "${MODEL_ATTRIBUTE}" and "${TARGET_ATTRIBUTE}" naming the endpoint (or "${DEPLOYMENT_ATTRIBUTE}" naming a deployment)`,
    });
    return undefined;
  }
  let version: number | undefined;
  const v = stringAttribute(attributes, VERSION_ATTRIBUTE);
  if (v) {
    const m = typeof v.value === "string" ? /^v?(\d{1,7})$/i.exec(v.value.trim()) : null;
    if (!m) {
      issues.push({
        path: `${attrPath}.${v.index}.value`,
        message: `"${VERSION_ATTRIBUTE}" must be the version number as a stringValue ("3" or "v3")`,
      });
      return undefined;
    }
    version = Number(m[1]);
  }
  const key = `${ENDPOINT_KEY}${into.endpoints.size}`;
  into.endpoints.set(key, { model: model.value, target: target.value, version, path: attrPath });
  return key;
}

/**
 * Walk an ExportMetricsServiceRequest (OTLP/JSON shape) into points, collecting every problem
 * that needs no database: missing or malformed deployment attribute, invalid metric names,
 * non-finite values, times more than a day ahead or older than the retention.
 */
export function pointsFromOtlp(request: unknown, now = Date.now()): OtlpPoints {
  const issues: FieldIssue[] = [];
  const points: Point[] = [];
  const deployments: { id: string; path: string }[] = [];
  const endpoints = new Map<string, OtlpEndpoint>();
  const oldest = oldestAccepted(env().METRIC_RETENTION_DAYS);
  // Refused on size before anything is validated (protobuf was also counted before decoding).
  countOtlpJson(request);
  if (!isObject(request))
    return {
      points,
      deployments,
      endpoints,
      issues: [{ path: "(root)", message: "must be an ExportMetricsServiceRequest object" }],
    };

  list(request.resourceMetrics, "resourceMetrics", issues).forEach((rm, r) => {
    const rmPath = `resourceMetrics.${r}`;
    if (!isObject(rm)) return void issues.push({ path: rmPath, message: "must be an object" });
    const resource = isObject(rm.resource) ? rm.resource : {};
    const attrPath = `${rmPath}.resource.attributes`;
    const deploymentId = resourceTarget(list(resource.attributes, attrPath, issues), attrPath, {
      issues,
      deployments,
      endpoints,
    });

    list(rm.scopeMetrics, `${rmPath}.scopeMetrics`, issues).forEach((sm, s) => {
      const smPath = `${rmPath}.scopeMetrics.${s}`;
      if (!isObject(sm)) return void issues.push({ path: smPath, message: "must be an object" });
      list(sm.metrics, `${smPath}.metrics`, issues).forEach((metric, m) => {
        const mPath = `${smPath}.metrics.${m}`;
        if (!isObject(metric))
          return void issues.push({ path: mPath, message: "must be an object" });
        const kind = (["gauge", "sum", "histogram"] as const).find((k) => isObject(metric[k]));
        if (!kind) return; // exponentialHistogram, summary or no data: ignored
        const name = typeof metric.name === "string" ? metric.name : "";
        // The longest derived name (`<name>.count`) must fit too.
        const longest = kind === "histogram" ? `${name}.count` : name;
        const nameCheck = metricName.safeParse(name);
        const nameOk = nameCheck.success && metricName.safeParse(longest).success;
        if (!nameOk) {
          issues.push({
            path: `${mPath}.name`,
            message: nameCheck.success
              ? "is too long for the derived series (`.count`, `.p50`…); at most 114 characters"
              : nameCheck.error.issues[0].message,
          });
        }
        const data = metric[kind] as Obj;
        const dpsPath = `${mPath}.${kind}.dataPoints`;
        list(data.dataPoints, dpsPath, issues).forEach((dp, d) => {
          const dpPath = `${dpsPath}.${d}`;
          if (!isObject(dp))
            return void issues.push({ path: dpPath, message: "must be an object" });
          let ok = nameOk && deploymentId !== undefined;
          const ms = nanosToMillis(dp.timeUnixNano);
          if (ms === null) {
            issues.push({
              path: `${dpPath}.timeUnixNano`,
              message: "must be nanoseconds since the epoch (a decimal string or number)",
            });
            ok = false;
          } else if (ms !== undefined && ms > now + DAY_MS) {
            issues.push({
              path: `${dpPath}.timeUnixNano`,
              message: "is more than a day in the future",
            });
            ok = false;
          } else if (ms !== undefined && ms < oldest) {
            issues.push({
              path: `${dpPath}.timeUnixNano`,
              message: `is older than the ${env().METRIC_RETENTION_DAYS}-day retention`,
            });
            ok = false;
          }
          const ts = new Date(ms ?? now);
          const out: { name: string; value: number }[] = [];

          if (kind !== "histogram") {
            const field = dp.asDouble !== undefined && dp.asDouble !== null ? "asDouble" : "asInt";
            const value = field === "asDouble" ? double(dp.asDouble) : int64(dp.asInt);
            if (value === undefined) {
              issues.push({
                path: `${dpPath}.asDouble`,
                message: "a value is required (asDouble or asInt)",
              });
              ok = false;
            } else if (!Number.isFinite(value)) {
              issues.push({
                path: `${dpPath}.${field}`,
                message: field === "asInt" ? "must be an integer" : "must be a finite number",
              });
              ok = false;
            } else out.push({ name, value });
          } else {
            const h = histogramPoints(name, dp, dpPath, issues);
            if (h) out.push(...h);
            else ok = false;
          }
          if (ok && deploymentId)
            for (const p of out) points.push({ deploymentId, name: p.name, ts, value: p.value });
        });
      });
    });
  });
  if (points.length > MAX_OTLP_POINTS) {
    throw payloadTooLarge(
      `The request makes ${points.length} points; at most ${MAX_OTLP_POINTS} per request.`,
    );
  }
  return { points, deployments, endpoints, issues };
}

/** A HistogramDataPoint → its derived points, or null (with the problems recorded). */
function histogramPoints(
  name: string,
  dp: Obj,
  path: string,
  issues: FieldIssue[],
): { name: string; value: number }[] | null {
  const before = issues.length;
  const count = int64(dp.count) ?? 0;
  if (!Number.isFinite(count) || count < 0)
    issues.push({ path: `${path}.count`, message: "must be a non-negative integer" });
  const sum = double(dp.sum);
  if (sum !== undefined && !Number.isFinite(sum))
    issues.push({ path: `${path}.sum`, message: "must be a finite number" });
  const optionalFinite = (field: "min" | "max") => {
    const v = double(dp[field]);
    if (v !== undefined && !Number.isFinite(v))
      issues.push({ path: `${path}.${field}`, message: "must be a finite number" });
    return v;
  };
  const min = optionalFinite("min");
  const max = optionalFinite("max");
  const bounds = list(dp.explicitBounds, `${path}.explicitBounds`, issues).map((b, i) => {
    const v = double(b);
    if (v === undefined || !Number.isFinite(v))
      issues.push({ path: `${path}.explicitBounds.${i}`, message: "must be a finite number" });
    else if (i > 0 && !(v > (double((dp.explicitBounds as unknown[])[i - 1]) ?? -Infinity))) {
      issues.push({ path: `${path}.explicitBounds.${i}`, message: "bounds must increase" });
    }
    return v ?? NaN;
  });
  const counts = list(dp.bucketCounts, `${path}.bucketCounts`, issues).map((c, i) => {
    const v = int64(c);
    if (v === undefined || !Number.isFinite(v) || v < 0)
      issues.push({ path: `${path}.bucketCounts.${i}`, message: "must be a non-negative integer" });
    return v ?? NaN;
  });
  if (counts.length > 0 && counts.length !== bounds.length + 1) {
    issues.push({
      path: `${path}.bucketCounts`,
      message: `must have explicitBounds.length + 1 (${bounds.length + 1}) entries, has ${counts.length}`,
    });
  }
  if (issues.length > before) return null;

  const out = [{ name: `${name}.count`, value: count }];
  if (sum !== undefined) {
    out.push({ name: `${name}.sum`, value: sum });
    if (count > 0) out.push({ name, value: sum / count });
  }
  if (count > 0 && counts.length > 0) {
    for (const [suffix, q] of QUANTILES) {
      const v = histogramQuantile(q, { explicitBounds: bounds, bucketCounts: counts, min, max });
      if (v !== null && Number.isFinite(v)) out.push({ name: `${name}.${suffix}`, value: v });
    }
  }
  return out;
}

const endpointKey = (id: string) => id.startsWith(ENDPOINT_KEY);

/**
 * Put each endpoint's points on the release that ran their version at their time (see
 * assignReleases), in place. Problems are reported on the resource's attributes.
 */
async function placeOnReleases(
  client: pg.ClientBase,
  points: Point[],
  endpoints: Map<string, OtlpEndpoint>,
  issues: FieldIssue[],
) {
  const releases = new Map<string, Endpoint | null>();
  for (const e of endpoints.values()) {
    const k = `${e.model}\u0000${e.target}`;
    if (releases.has(k)) continue;
    releases.set(k, await findEndpoint(e.model, e.target, client).catch(() => null));
  }
  const reported = new Set<string>();
  for (const p of points) {
    const named = endpoints.get(p.deploymentId);
    if (!named) continue;
    const endpoint = releases.get(`${named.model}\u0000${named.target}`);
    if (!endpoint) {
      const message = `no model "${named.model}" on a target "${named.target}": check ${MODEL_ATTRIBUTE} and ${TARGET_ATTRIBUTE}`;
      if (!reported.has(named.path + message)) issues.push({ path: named.path, message });
      reported.add(named.path + message);
      continue;
    }
    const placed = assignReleases(
      endpoint,
      [{ ts: typeof p.ts === "number" ? p.ts : p.ts.getTime(), version: named.version }],
      named.path,
    );
    if (placed.issues.length) {
      // One problem per resource and message, not one per point.
      const message = placed.issues[0].message;
      if (!reported.has(named.path + message)) issues.push({ path: named.path, message });
      reported.add(named.path + message);
    } else p.deploymentId = placed.ids[0];
  }
}

/** Store an OTLP export request in one transaction: every point, or none. */
export function exportOtlpMetrics(request: unknown, principal?: Principal) {
  return transaction((client) => ingestOtlpMetrics(client, request, principal));
}

/**
 * Validate a whole ExportMetricsServiceRequest (OTLP/JSON shape) and write its points inside the
 * caller's transaction. Refuses it whole (400, every problem listed) on any problem, including
 * deployments that do not exist (checked in one query). Returns how many points were new.
 */
export async function ingestOtlpMetrics(
  client: pg.ClientBase,
  request: unknown,
  principal?: Principal,
): Promise<{ points: number; inserted: number }> {
  const { points, deployments, endpoints, issues } = pointsFromOtlp(request);
  // A narrowed token is refused (403) before existence is checked, so it learns nothing.
  if (principal)
    for (const e of endpoints.values()) await assertMayIngestEndpoint(principal, e.model, e.target);
  if (endpoints.size) await placeOnReleases(client, points, endpoints, issues);
  const ids = [
    ...new Set([
      ...deployments.map((d) => d.id),
      ...points.map((p) => p.deploymentId).filter((id) => !endpointKey(id)),
    ]),
  ];
  if (principal) await assertMayIngest(principal, ids);
  if (ids.length) {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM deployments WHERE id = ANY($1)`,
      [ids],
    );
    const known = new Set(rows.map((r) => r.id));
    for (const d of deployments) {
      if (!known.has(d.id))
        issues.push({ path: d.path, message: `deployment "${d.id}" does not exist` });
    }
  }
  if (issues.length) throw validationFailed(issues, "nothing was stored");
  const inserted = await writePoints(client, points);
  return { points: points.length, inserted };
}
