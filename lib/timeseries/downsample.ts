import { merge, quantiles, type Sketch } from "@/lib/stats/sketch";

// Pure: how to answer a range query (raw points or which rollup, and the bucket width), and
// how to fold rollup rows into the requested buckets.

export type Source = "raw" | "minute" | "ten_minutes" | "hour";

const steps = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
  604800,
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Up to a day: raw points (exact, and fresh to the second). Longer: rollups — per hour when
 * the buckets are an hour or wider, per 10 minutes when they are 10 minutes or wider, else per
 * minute, so no read merges more than about 10,000 rollups a series (a 30-day range at 2,000
 * buckets: 4,320). The bucket is the smallest step that keeps the count within `buckets` and
 * is a whole multiple of the source's resolution.
 */
export function planQuery(
  from: number,
  to: number,
  buckets: number,
): { source: Source; bucketSeconds: number } {
  const range = Math.max(1, to - from);
  const wanted = Math.ceil(range / 1000 / buckets);
  const pick = (floor: number) =>
    steps.find((s) => s >= wanted && s >= floor && s % floor === 0) ??
    Math.ceil(wanted / floor) * floor;
  if (range <= DAY) return { source: "raw", bucketSeconds: pick(1) };
  const bucketSeconds = pick(60);
  if (bucketSeconds >= 3600) return { source: "hour", bucketSeconds: pick(3600) };
  if (bucketSeconds >= 600) return { source: "ten_minutes", bucketSeconds: pick(600) };
  return { source: "minute", bucketSeconds };
}

export interface RollupLike {
  bucket: Date;
  count: number;
  sum: number;
  min: number;
  max: number;
  sketch: Sketch;
}

export interface Bucket {
  ts: string;
  count: number;
  avg: number | null;
  min: number | null;
  max: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** Fold rollup rows (ordered by time) into buckets of `bucketSeconds` starting at `from`. */
export function foldRollups(rows: RollupLike[], from: number, bucketSeconds: number): Bucket[] {
  const width = bucketSeconds * 1000;
  const groups = new Map<
    number,
    { count: number; sum: number; min: number; max: number; sketch: Sketch }
  >();
  for (const r of rows) {
    const start = from + Math.floor((r.bucket.getTime() - from) / width) * width;
    const g = groups.get(start);
    if (!g)
      groups.set(start, {
        count: r.count,
        sum: r.sum,
        min: r.min,
        max: r.max,
        sketch: merge({}, r.sketch),
      });
    else {
      g.count += r.count;
      g.sum += r.sum;
      g.min = Math.min(g.min, r.min);
      g.max = Math.max(g.max, r.max);
      merge(g.sketch, r.sketch);
    }
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, g]) => {
      const [p50, p95, p99] = quantiles(g.sketch, [0.5, 0.95, 0.99], { min: g.min, max: g.max });
      return {
        ts: new Date(start).toISOString(),
        count: g.count,
        avg: g.sum / g.count,
        min: g.min,
        max: g.max,
        p50,
        p95,
        p99,
      };
    });
}

/** `from`/`to` from a query: explicit times, or `range` back from now; default the last 24 h. */
export function resolveRange(
  q: { from?: string; to?: string; range?: string },
  now = Date.now(),
): { from: number; to: number } {
  const spans: Record<string, number> = {
    "1h": HOUR,
    "6h": 6 * HOUR,
    "24h": DAY,
    "7d": 7 * DAY,
    "30d": 30 * DAY,
  };
  const to = q.to ? Date.parse(q.to) : now;
  const from = q.from ? Date.parse(q.from) : to - (spans[q.range ?? "24h"] ?? DAY);
  return { from, to };
}
