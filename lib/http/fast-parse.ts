import type { z } from "zod";
import { timestamp } from "@/lib/schemas/common";
import {
  MAX_BATCH,
  METRIC_NAME_PATTERN,
  type MetricBatch,
  metricBatch,
} from "@/lib/schemas/monitoring";

// Hand-compiled validators for the hot ingest bodies. Each accepts exactly what its zod schema
// accepts and returns what zod would, or undefined for anything else, in which case the route
// wrapper runs the zod schema to list every problem (so refusals read the same whichever path
// ran). lib/http/fast-parse.test.ts proves the parity over generated valid and invalid bodies.
// Its regular expressions are taken from the schemas themselves.

const DAY = 86_400_000;
const TIMESTAMP = (timestamp as unknown as { _zod: { def: { pattern: RegExp } } })._zod.def.pattern;
const POINT_KEYS = new Set(["name", "value", "ts", "version"]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A metric batch as `metricBatch.parse` returns it, or undefined when zod must judge it. */
export function parseMetricBatch(raw: unknown, now = Date.now()): MetricBatch | undefined {
  if (!isPlainObject(raw)) return undefined;
  for (const key in raw) if (key !== "points") return undefined;
  const points = raw.points;
  if (!Array.isArray(points) || points.length < 1 || points.length > MAX_BATCH) return undefined;
  const latest = now + DAY;
  const out: MetricBatch["points"] = new Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const p: unknown = points[i];
    if (!isPlainObject(p)) return undefined;
    for (const key in p) if (!POINT_KEYS.has(key)) return undefined;
    const { name, value, ts, version } = p;
    if (typeof name !== "string" || name.length < 1 || name.length > 120) return undefined;
    if (!METRIC_NAME_PATTERN.test(name)) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
    const point: MetricBatch["points"][number] = { name, value };
    if (ts !== undefined) {
      if (typeof ts !== "string" || !TIMESTAMP.test(ts) || Date.parse(ts) > latest)
        return undefined;
      point.ts = ts;
    }
    if (version !== undefined) {
      if (typeof version !== "number" || !Number.isInteger(version)) return undefined;
      if (version < 1 || version > 1_000_000) return undefined;
      point.version = version;
    }
    out[i] = point;
  }
  return { points: out };
}

/** The compiled validator of a body schema, where there is one. */
export const fastParsers = new Map<z.ZodType, (raw: unknown) => unknown>([
  [metricBatch, parseMetricBatch],
]);
