import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pool, transaction } from "@/lib/pg";
import { ALPHA } from "@/lib/stats/sketch";
import { makeTarget, promotableVersion } from "@/lib/testing/fixtures";
import { applyRetention, foldedRollups, rollup, writePoints } from "@/lib/timeseries/store";
import { ingestPredictions } from "./ingest";
import { listPredictions, metricSeries, predictionSummary } from "./monitoring";

async function deployment() {
  const { versionId, modelId } = await promotableVersion();
  const target = await makeTarget("staging", 0);
  return db.deployment.create({
    data: { modelId, versionId, targetId: target.id, status: "active", activatedAt: new Date() },
  });
}

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

/** PostgreSQL's percentile_disc: the smallest value whose cumulative share reaches q. */
const disc = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
/** numpy's "lower" quantile: the value at rank floor(q · (n − 1)), what the sketch approximates. */
const lower = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))];

async function drainRollups() {
  for (;;) if ((await rollup(1000)).ranges === 0) break;
}

describe("metric store and queries (PostgreSQL)", () => {
  it("raw buckets match an independent computation over the same points", async () => {
    const d = await deployment();
    const rand = lcg(7);
    const start = Date.now() - 3_600_000;
    const points = Array.from({ length: 1_200 }, (_, i) => ({
      deploymentId: d.id,
      name: "latency_ms",
      ts: new Date(start + i * 3_000),
      value: Math.round(Math.exp(3 + rand()) * 100) / 100,
    }));
    await transaction((c) => writePoints(c, points));
    const series = await metricSeries(d.id, {
      name: "latency_ms",
      from: new Date(start).toISOString(),
      to: new Date(start + 3_600_000).toISOString(),
      buckets: 6,
    });
    expect(series).toMatchObject({ source: "raw", bucketSeconds: 600 });
    expect(series.points).toHaveLength(6);
    for (const b of series.points) {
      const from = Date.parse(b.ts);
      const values = points
        .filter((p) => p.ts.getTime() >= from && p.ts.getTime() < from + 600_000)
        .map((p) => p.value)
        .sort((a, c) => a - c);
      expect(b.count).toBe(values.length);
      expect(b.avg).toBeCloseTo(values.reduce((a, v) => a + v, 0) / values.length, 9);
      expect(b.min).toBe(values[0]);
      expect(b.max).toBe(values[values.length - 1]);
      expect([b.p50, b.p95, b.p99]).toEqual([
        disc(values, 0.5),
        disc(values, 0.95),
        disc(values, 0.99),
      ]);
    }
  });

  it("rollup buckets: exact count, sum, min and max; percentiles within 1 %", async () => {
    const d = await deployment();
    const rand = lcg(11);
    const start = Math.floor((Date.now() - 3 * 86_400_000) / 3_600_000) * 3_600_000;
    const points = Array.from({ length: 4_320 }, (_, i) => ({
      deploymentId: d.id,
      name: "latency_ms",
      ts: new Date(start + i * 60_000),
      value: Math.exp(2 + 2 * rand()),
    }));
    await transaction((c) => writePoints(c, points));
    await drainRollups();
    const to = start + 3 * 86_400_000;
    const series = await metricSeries(d.id, {
      name: "latency_ms",
      from: new Date(start).toISOString(),
      to: new Date(to).toISOString(),
      buckets: 12,
    });
    expect(series).toMatchObject({ source: "hour", bucketSeconds: 21_600 });
    expect(series.points).toHaveLength(12);
    for (const b of series.points) {
      const from = Date.parse(b.ts);
      const values = points
        .filter((p) => p.ts.getTime() >= from && p.ts.getTime() < from + 21_600_000)
        .map((p) => p.value)
        .sort((a, c) => a - c);
      expect(b.count).toBe(values.length);
      expect(b.avg).toBeCloseTo(values.reduce((a, v) => a + v, 0) / values.length, 6);
      expect(b.min).toBeCloseTo(values[0], 9);
      expect(b.max).toBeCloseTo(values[values.length - 1], 9);
      for (const [q, got] of [
        [0.5, b.p50],
        [0.95, b.p95],
        [0.99, b.p99],
      ] as const) {
        const exact = lower(values, q);
        expect(Math.abs(got! - exact) / exact).toBeLessThanOrEqual(ALPHA + 1e-9);
      }
    }
  });

  it("deduplicates points on (deployment, name, ts) and rolls up late points", async () => {
    const d = await deployment();
    const hour = Math.floor((Date.now() - 2 * 86_400_000) / 3_600_000) * 3_600_000;
    const p = (minute: number, value: number) => ({
      deploymentId: d.id,
      name: "cpu_percent",
      ts: new Date(hour + minute * 60_000),
      value,
    });
    expect(await transaction((c) => writePoints(c, [p(1, 10), p(2, 20), p(2, 99)]))).toBe(2);
    await drainRollups();
    expect(await transaction((c) => writePoints(c, [p(1, 10), p(30, 60)]))).toBe(1); // one late point, one duplicate
    await drainRollups();
    const { rows } = await pool().query(
      `SELECT count::int AS count, sum, min, max, p95 FROM metric_rollups WHERE deployment_id = $1 AND name = 'cpu_percent' AND resolution = 'hour'`,
      [d.id],
    );
    expect(rows).toEqual([{ count: 3, sum: 90, min: 10, max: 60, p95: 60 }]);
  });

  it("retention drops whole daily partitions older than the window", async () => {
    const d = await deployment();
    const old = Date.UTC(2020, 0, 15, 12);
    await transaction((c) =>
      writePoints(c, [{ deploymentId: d.id, name: "old", ts: new Date(old), value: 1 }]),
    );
    const { droppedPartitions } = await applyRetention(1000, Date.UTC(2022, 11, 1));
    expect(droppedPartitions).toContain("metric_points_20200115");
    const { rowCount } = await pool().query(
      `SELECT 1 FROM metric_points WHERE deployment_id = $1`,
      [d.id],
    );
    expect(rowCount).toBe(0);
  });
});

describe("predictions (PostgreSQL)", () => {
  it("derives throughput, errors, latency, accuracy and the confidence histogram; filters the log", async () => {
    const d = await deployment();
    const start = Date.now() - 30 * 60_000;
    const records = Array.from({ length: 60 }, (_, i) => ({
      id: `r${i}`,
      ts: new Date(start + i * 30_000).toISOString(),
      features: { x: i },
      prediction: i % 3 === 0 ? "rain" : "sun",
      confidence: (i % 10) / 10 + 0.05,
      latencyMs: 10 + i,
      ...(i < 40 ? { label: i % 4 === 0 ? "rain" : "sun" } : {}),
      ...(i % 20 === 7 ? { error: "timeout" } : {}),
    }));
    const first = await transaction((c) => ingestPredictions(c, d.id, { records }));
    expect(first.body).toEqual({ accepted: 60, duplicates: 0 });
    const again = await transaction((c) =>
      ingestPredictions(c, d.id, { records: records.slice(0, 10) }),
    );
    expect(again.body).toEqual({ accepted: 0, duplicates: 10 });

    const summary = await predictionSummary(d.id, {
      from: new Date(start).toISOString(),
      to: new Date(start + 30 * 60_000).toISOString(),
      buckets: 1,
    });
    const labelled = records.filter((r) => r.label !== undefined);
    expect(summary.totals).toEqual({
      count: 60,
      errors: 3,
      labeled: 40,
      correct: labelled.filter((r) => r.label === r.prediction).length,
    });
    expect(summary.confidence.map((b) => b.count)).toEqual(Array(10).fill(6));

    // Under an hour the buckets may be narrower than a minute (a canary step of seconds draws
    // a line, not a dot); an hour or more keeps minute buckets at the finest.
    const at = (minutes: number, buckets: number) =>
      predictionSummary(d.id, {
        from: new Date(start).toISOString(),
        to: new Date(start + minutes * 60_000).toISOString(),
        buckets,
      });
    const short = await at(10, 60);
    expect(short.bucketSeconds).toBe(10);
    expect(short.totals.count).toBe(20); // one every 30 s
    expect((await at(60, 600)).bucketSeconds).toBe(60);

    const log = await listPredictions(d.id, {
      hasLabel: "true",
      minConfidence: 0.5,
      prediction: "rain",
      limit: 5,
    });
    const expected = labelled
      .filter((r) => r.confidence >= 0.5 && r.prediction === "rain")
      .map((r) => r.id)
      .reverse();
    expect(log.items.map((i) => i.id)).toEqual(expected.slice(0, 5));
    if (expected.length > 5) {
      const next = await listPredictions(d.id, {
        hasLabel: "true",
        minConfidence: 0.5,
        prediction: "rain",
        limit: 5,
        cursor: log.nextCursor!,
      });
      expect(next.items.map((i) => i.id)).toEqual(expected.slice(5, 10));
    }
    // Predictions feed the metric store too.
    const { rows } = await pool().query(
      `SELECT name, count(*)::int AS n FROM metric_points WHERE deployment_id = $1 GROUP BY 1 ORDER BY 1`,
      [d.id],
    );
    expect(rows).toEqual([
      { name: "prediction.confidence", n: 60 },
      { name: "prediction.error", n: 60 },
      { name: "prediction.latency_ms", n: 60 },
    ]);
  });
});

describe("predictions logged in batches (PostgreSQL)", () => {
  it("every record of a batch feeds the series, though the batch has one time: the charts count requests, not batches", async () => {
    const d = await deployment();
    const batch = (n: number, from: number, ts?: string) =>
      Array.from({ length: n }, (_, i) => ({
        features: { x: i },
        prediction: "sun",
        latencyMs: from + i,
        ...(ts ? { ts } : {}),
      }));
    // A logger that stamps nothing (the server's clock decides), twice, then one that stamps
    // a whole batch with the same second.
    const stamp = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000).toISOString();
    for (const records of [
      batch(300, 0),
      batch(300, 300),
      batch(200, 600, stamp),
      batch(200, 800, stamp),
    ])
      await transaction((c) => ingestPredictions(c, d.id, { records }));
    const { rows } = await pool().query(
      `SELECT name, count(*)::int AS n, max(value) AS max FROM metric_points WHERE deployment_id = $1 GROUP BY 1 ORDER BY 1`,
      [d.id],
    );
    expect(rows).toEqual([
      { name: "prediction.error", n: 1000, max: 0 },
      { name: "prediction.latency_ms", n: 1000, max: 999 },
    ]);
    const series = await metricSeries(d.id, {
      name: "prediction.latency_ms",
      range: "1h",
      buckets: 1,
    });
    expect(series.points.reduce((sum, p) => sum + p.count, 0)).toBe(1000);
    const summary = await predictionSummary(d.id, { range: "1h", buckets: 1 });
    expect(summary.totals.count).toBe(1000);
  });
});

describe("fleet folding (PostgreSQL)", () => {
  it("folds each group's rollups into wide buckets: counts and sums added, the worst p95 kept", async () => {
    const h = 3_600_000;
    const t0 = Date.UTC(2031, 0, 1);
    const [a, b, c] = ["a", "b", "c"].map(
      (x) => `fold-${x}-${Math.random().toString(36).slice(2)}`,
    );
    const row = (id: string, hour: number, count: number, sum: number, p95: number | null) =>
      pool().query(
        `INSERT INTO metric_rollups (deployment_id, name, resolution, bucket, count, sum, min, max, p95)
         VALUES ($1, 'lat', 'hour', $2, $3, $4, 0, 0, $5)`,
        [id, new Date(t0 + hour * h).toISOString(), count, sum, p95],
      );
    // Group 0 is two releases (a, then b); group 1 is c.
    await row(a, 0, 10, 1, 40);
    await row(b, 1, 5, 0, 90);
    await row(b, 2, 0, 0, null);
    await row(b, 3, 4, 2, 30);
    await row(c, 0, 7, 7, 12);
    const rows = await foldedRollups({
      groups: [[a, b], [c]],
      names: ["lat"],
      from: new Date(t0),
      to: new Date(t0 + 6 * h),
      resolution: "hour",
      bucketSeconds: 3 * 3600,
    });
    expect(rows.map((r) => ({ ...r, bucket: r.bucket.getTime() - t0 }))).toEqual([
      { group: 0, name: "lat", bucket: 0, count: 15, sum: 1, p95: 90 },
      { group: 0, name: "lat", bucket: 3 * h, count: 4, sum: 2, p95: 30 },
      { group: 1, name: "lat", bucket: 0, count: 7, sum: 7, p95: 12 },
    ]);
  });
});
