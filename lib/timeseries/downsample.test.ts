import { describe, expect, it } from "vitest";
import { sketchOf } from "@/lib/stats/sketch";
import { foldRollups, planQuery, resolveRange } from "./downsample";

const H = 3_600_000;
const D = 24 * H;

describe("query planning (pure)", () => {
  it("answers a day or less from raw points, longer ranges from rollups", () => {
    expect(planQuery(0, H, 200)).toEqual({ source: "raw", bucketSeconds: 30 });
    expect(planQuery(0, D, 2000)).toEqual({ source: "raw", bucketSeconds: 60 });
    expect(planQuery(0, 7 * D, 2000)).toEqual({ source: "ten_minutes", bucketSeconds: 600 });
    expect(planQuery(0, 5 * D, 2000)).toEqual({ source: "minute", bucketSeconds: 300 });
    expect(planQuery(0, 7 * D, 200)).toEqual({ source: "hour", bucketSeconds: 3600 });
    expect(planQuery(0, 30 * D, 2000)).toEqual({ source: "ten_minutes", bucketSeconds: 1800 });
    expect(planQuery(0, 30 * D, 30)).toEqual({ source: "hour", bucketSeconds: 86400 });
  });

  it("never returns more buckets than asked for", () => {
    for (const range of [H, 6 * H, D, 3 * D, 7 * D, 30 * D, 400 * D]) {
      for (const buckets of [1, 7, 56, 200, 2000]) {
        const { bucketSeconds } = planQuery(0, range, buckets);
        expect(Math.ceil(range / 1000 / bucketSeconds)).toBeLessThanOrEqual(buckets);
      }
    }
  });

  it("resolves a named range back from now, or explicit times", () => {
    expect(resolveRange({ range: "7d" }, 10 * D)).toEqual({ from: 3 * D, to: 10 * D });
    expect(resolveRange({}, D)).toEqual({ from: 0, to: D });
    expect(resolveRange({ from: "1970-01-01T01:00:00Z", to: "1970-01-01T02:00:00Z" })).toEqual({
      from: H,
      to: 2 * H,
    });
  });
});

describe("folding rollups (pure)", () => {
  it("merges rows into buckets from the range start, with exact count/avg/min/max", () => {
    const row = (hour: number, values: number[]) => ({
      bucket: new Date(hour * H),
      count: values.length,
      sum: values.reduce((a, v) => a + v, 0),
      min: Math.min(...values),
      max: Math.max(...values),
      sketch: sketchOf(values),
    });
    const buckets = foldRollups([row(0, [1, 2]), row(1, [3]), row(2, [10, 20, 30])], 0, 7200);
    expect(buckets.map((b) => [b.ts, b.count, b.avg, b.min, b.max])).toEqual([
      ["1970-01-01T00:00:00.000Z", 3, 2, 1, 3],
      ["1970-01-01T02:00:00.000Z", 3, 20, 10, 30],
    ]);
    expect(buckets[1].p50).toBeCloseTo(20, 0);
    expect(buckets[1].p99).toBeCloseTo(20, 0); // rank floor(0.99 · 2) = 1
  });
});
