import { env } from "@/lib/env";
import { assertJsonContainersAtMost } from "@/lib/json-body";
import { badRequest, payloadTooLarge } from "@/lib/errors";

// How much one OTLP request may hold, counted before the expensive work. Decoding a protobuf
// with protobufjs allocates an object per message: 4 MiB of empty ResourceMetrics (`0a 00`
// repeated, 4 KB once gzipped) made two million objects and seconds of blocked event loop.
// So the wire format is walked first, counting only, and the walk stops at the first cap:
// the bomb costs a thousand varint reads. The JSON path counts the same things while it walks.

/** Attributes (KeyValue) anywhere in a request: resources carry tens, not hundreds of thousands. */
export const MAX_ATTRIBUTES = 100_000;
/** Histogram bucket counts and bounds, all data points together. */
export const MAX_BUCKET_VALUES = 1_000_000;
/** Nesting of attribute values (arrays and key-value lists inside AnyValue). */
const MAX_DEPTH = 16;

type Kind = "resources" | "scopes" | "metrics" | "dataPoints" | "attributes" | "bucketValues";

export class OtlpBudget {
  private readonly used: Record<Kind, number> = {
    resources: 0,
    scopes: 0,
    metrics: 0,
    dataPoints: 0,
    attributes: 0,
    bucketValues: 0,
  };
  private readonly caps: Record<Kind, { max: number; what: string; name: string }>;

  constructor() {
    const e = env();
    this.caps = {
      resources: { max: e.OTLP_MAX_RESOURCES, what: "ResourceMetrics", name: "OTLP_MAX_RESOURCES" },
      scopes: { max: e.OTLP_MAX_METRICS, what: "ScopeMetrics", name: "OTLP_MAX_METRICS" },
      metrics: { max: e.OTLP_MAX_METRICS, what: "metrics", name: "OTLP_MAX_METRICS" },
      dataPoints: {
        max: e.OTLP_MAX_DATA_POINTS,
        what: "data points",
        name: "OTLP_MAX_DATA_POINTS",
      },
      attributes: { max: MAX_ATTRIBUTES, what: "attributes", name: "the attribute limit" },
      bucketValues: {
        max: MAX_BUCKET_VALUES,
        what: "histogram bucket values",
        name: "the bucket limit",
      },
    };
  }

  /** Count `n` more of `kind`; 413 naming the limit as soon as one is passed. */
  take(kind: Kind, n = 1) {
    this.used[kind] += n;
    const cap = this.caps[kind];
    if (this.used[kind] > cap.max) {
      throw payloadTooLarge(
        `More than ${cap.max} ${cap.what} in one request; the limit is ${cap.name} = ${cap.max}. Split the export into smaller requests.`,
      );
    }
  }
}

// ─── the protobuf wire format, counted without decoding ─────────────────────

const malformed = (why: string) =>
  badRequest(`Malformed protobuf ExportMetricsServiceRequest: ${why}`);

/** Visit the fields of the message in bytes[start, end): `visit(fieldNumber, wireType, from, to)`. */
function fields(
  bytes: Uint8Array,
  start: number,
  end: number,
  visit: (no: number, wire: number, from: number, to: number) => void,
) {
  let pos = start;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (pos >= end) throw malformed("truncated varint");
      const b = bytes[pos++];
      if (shift < 35) value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
      shift += 7;
      if (shift > 63) throw malformed("varint too long");
    }
  };
  while (pos < end) {
    const tag = varint();
    const no = Math.floor(tag / 8);
    const wire = tag % 8;
    let from = pos;
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = varint();
      from = pos;
      pos += length;
    } else throw malformed(`unsupported wire type ${wire}`);
    if (pos > end) throw malformed("a field runs past the end of its message");
    visit(no, wire, from, pos);
  }
}

/**
 * Count what an ExportMetricsServiceRequest holds, following the same message definitions the
 * decoder uses, and stop at the first cap (413). Data point attributes are not counted: the
 * decoder skips them (they are ignored, see otlp.ts).
 */
export function countOtlpProtobuf(bytes: Uint8Array, budget = new OtlpBudget()) {
  const keyValue = (from: number, to: number, depth: number) => {
    budget.take("attributes");
    fields(bytes, from, to, (no, wire, f, t) => {
      if (no === 2 && wire === 2) anyValue(f, t, depth);
    });
  };
  const anyValue = (from: number, to: number, depth: number) => {
    if (depth > MAX_DEPTH)
      throw badRequest(`Attribute values are nested more than ${MAX_DEPTH} deep.`);
    fields(bytes, from, to, (no, wire, f, t) => {
      if (wire !== 2 || (no !== 5 && no !== 6)) return;
      // ArrayValue.values (AnyValue) or KeyValueList.values (KeyValue), both field 1.
      fields(bytes, f, t, (n, w, ff, tt) => {
        if (n !== 1 || w !== 2) return;
        if (no === 5) {
          budget.take("attributes");
          anyValue(ff, tt, depth + 1);
        } else keyValue(ff, tt, depth + 1);
      });
    });
  };
  const attributesOf = (attributeField: number) => (from: number, to: number) =>
    fields(bytes, from, to, (no, wire, f, t) => {
      if (no === attributeField && wire === 2) keyValue(f, t, 0);
    });
  const resource = attributesOf(1);
  const scope = attributesOf(3);
  const histogramPoint = (from: number, to: number) =>
    fields(bytes, from, to, (no, wire, f, t) => {
      if (no !== 6 && no !== 7) return;
      // bucketCounts (fixed64) and explicitBounds (double): packed (8 bytes each) or one per field.
      budget.take("bucketValues", wire === 2 ? Math.ceil((t - f) / 8) : 1);
    });
  const metric = (from: number, to: number) =>
    fields(bytes, from, to, (no, wire, f, t) => {
      if (wire !== 2 || (no !== 5 && no !== 7 && no !== 9)) return;
      fields(bytes, f, t, (n, w, ff, tt) => {
        if (n !== 1 || w !== 2) return;
        budget.take("dataPoints");
        if (no === 9) histogramPoint(ff, tt);
      });
    });
  const scopeMetrics = (from: number, to: number) =>
    fields(bytes, from, to, (no, wire, f, t) => {
      if (wire !== 2) return;
      if (no === 1) scope(f, t);
      else if (no === 2) {
        budget.take("metrics");
        metric(f, t);
      }
    });
  const resourceMetrics = (from: number, to: number) =>
    fields(bytes, from, to, (no, wire, f, t) => {
      if (wire !== 2) return;
      if (no === 1) resource(f, t);
      else if (no === 2) {
        budget.take("scopes");
        scopeMetrics(f, t);
      }
    });
  fields(bytes, 0, bytes.length, (no, wire, f, t) => {
    if (no !== 1 || wire !== 2) return;
    budget.take("resources");
    resourceMetrics(f, t);
  });
}

// ─── OTLP/JSON, counted after parsing (the parse itself is bounded by the body limit) ─────

const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const objectOf = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Count resources, scopes, metrics and data points of a parsed request; 413 at the first cap. */
export function countOtlpJson(request: unknown, budget = new OtlpBudget()) {
  const resources = arrayOf(objectOf(request).resourceMetrics);
  budget.take("resources", resources.length);
  for (const rm of resources) {
    const scopes = arrayOf(objectOf(rm).scopeMetrics);
    budget.take("scopes", scopes.length);
    for (const sm of scopes) {
      const metrics = arrayOf(objectOf(sm).metrics);
      budget.take("metrics", metrics.length);
      for (const metric of metrics) {
        const m = objectOf(metric);
        for (const kind of ["gauge", "sum", "histogram"]) {
          budget.take("dataPoints", arrayOf(objectOf(m[kind]).dataPoints).length);
        }
      }
    }
  }
}

/**
 * Refuse a JSON body with more objects and arrays than ten per allowed data point (413), before
 * JSON.parse: the parse cannot be stopped part way, and 16 MiB of `{},` is five million objects
 * (seconds of blocked event loop and hundreds of MiB). One pass over the bytes, strings skipped.
 */
export function countJsonContainers(bytes: Uint8Array) {
  const max = 10 * env().OTLP_MAX_DATA_POINTS;
  assertJsonContainersAtMost(bytes, max, `the limit is 10 × OTLP_MAX_DATA_POINTS = ${max}`);
}
