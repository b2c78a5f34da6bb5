import type pg from "pg";
import { pool, transaction } from "@/lib/pg";
import { SKETCH_KEY_SQL, type Sketch } from "@/lib/stats/sketch";

// The metric store: the one module that knows where metric points live. Callers write
// points and read raw rows or rollups through these functions; a distributed store can
// replace this file without touching them.
//
// Layout (PostgreSQL): `metric_points` is partitioned by day on `ts` (partitions in the schema
// `metric_partitions`, created on demand); its primary key (deployment_id, name, ts) both
// deduplicates points and serves range reads of one series. `metric_rollups` holds per-minute
// and per-hour count/sum/min/max and a mergeable quantile sketch, recomputed by rollup() for
// exactly the ranges `metric_dirty` says were written.

export interface Point {
  deploymentId: string;
  name: string;
  ts: Date;
  value: number;
}

const DAY_MS = 86_400_000;
const partitionsKnown = new Set<string>();

const dayOf = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
const partitionName = (day: number) =>
  `metric_points_${new Date(day).toISOString().slice(0, 10).replaceAll("-", "")}`;

/** Create the daily partitions these points need (idempotent; serialized by an advisory lock). */
export async function ensurePartitions(
  client: pg.ClientBase,
  times: Iterable<number>,
): Promise<void> {
  const days = new Set<number>();
  for (const t of times) days.add(dayOf(t));
  const missing = [...days].filter((d) => !partitionsKnown.has(partitionName(d)));
  if (missing.length === 0) return;
  // One simple-protocol query, so the lock is a transaction-level one whether or not the caller
  // is in a transaction: outside one, the statements run as one implicit transaction and the
  // lock ends with it; inside one, it ends at the caller's COMMIT or ROLLBACK. A session lock
  // leaked whenever a creation failed inside a transaction (the unlock could not run in the
  // aborted transaction), and every later writer on any instance waited for it. The names and
  // bounds are computed from day numbers here, never from input.
  const statements = missing.map(
    (day) =>
      `CREATE TABLE IF NOT EXISTS metric_partitions.${partitionName(day)} PARTITION OF metric_points
       FOR VALUES FROM ('${new Date(day).toISOString()}') TO ('${new Date(day + DAY_MS).toISOString()}')`,
  );
  await client.query(
    ["SELECT pg_advisory_xact_lock(hashtext('modelgate.metric_partitions'))", ...statements].join(
      ";\n",
    ),
  );
  // Remember only after commit would be exact; a rolled-back creation is simply re-checked next time.
  for (const day of missing) partitionsKnown.add(partitionName(day));
}

/**
 * Write points in one statement (unnest of arrays) inside the caller's transaction, if any.
 * Points already stored for the same (deployment, name, ts) are skipped. Returns how many
 * were new. Also records the written range of each series for the rollup job.
 *
 * A plain INSERT is tried first: `ON CONFLICT DO NOTHING` inserts speculatively, which costs
 * PostgreSQL about twice as much per row (measured: 13.9 against 7.2 ms per 1,000 points), and
 * almost every batch is new. A batch holding a point already stored fails that INSERT whole
 * (unique violation, nothing written; inside a transaction it is undone to a savepoint) and is
 * written again with ON CONFLICT DO NOTHING.
 */
export async function writePoints(client: pg.ClientBase, points: Point[]): Promise<number> {
  if (points.length === 0) return 0;
  const n = points.length;
  const ids: string[] = new Array(n);
  const names: string[] = new Array(n);
  const times: string[] = new Array(n);
  const values: number[] = new Array(n);
  const ranges = new Map<
    string,
    { deploymentId: string; name: string; from: number; to: number }
  >();
  let single = true;
  const epochs: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    const t = p.ts.getTime();
    epochs[i] = t;
    ids[i] = p.deploymentId;
    if (p.deploymentId !== points[0].deploymentId) single = false;
    names[i] = p.name;
    times[i] = p.ts.toISOString();
    values[i] = p.value;
    const key = `${p.deploymentId}\u0000${p.name}`;
    const r = ranges.get(key);
    if (!r) ranges.set(key, { deploymentId: p.deploymentId, name: p.name, from: t, to: t });
    else {
      if (t < r.from) r.from = t;
      if (t > r.to) r.to = t;
    }
  }
  await ensurePartitions(client, epochs);
  const series = [...ranges.values()];
  // One statement: the points and their dirty ranges are written together (atomic on its own,
  // and inside the caller's transaction when there is one), in one round trip. One deployment
  // (the usual batch) is sent once rather than once per point.
  const rows = single
    ? `SELECT $1::text, n, t, v FROM unnest($2::text[], $3::timestamptz[], $4::float8[]) AS u(n, t, v)`
    : `SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[])`;
  const sql = (onConflict: string) =>
    `WITH ins AS (
       INSERT INTO metric_points (deployment_id, name, ts, value) ${rows} ${onConflict}
       RETURNING 1),
     dirty AS (
       INSERT INTO metric_dirty (deployment_id, name, from_ts, to_ts)
       SELECT * FROM unnest($5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[]))
     SELECT count(*)::int AS n FROM ins`;
  const params = [
    single ? points[0].deploymentId : ids,
    names,
    times,
    values,
    series.map((s) => s.deploymentId),
    series.map((s) => s.name),
    series.map((s) => new Date(s.from).toISOString()),
    series.map((s) => new Date(s.to).toISOString()),
  ];
  const inTransaction =
    "getTransactionStatus" in client && (client as pg.Client).getTransactionStatus() === "T";
  try {
    if (inTransaction) await client.query("SAVEPOINT write_points");
    const { rows: done } = await client.query<{ n: number }>(sql(""), params);
    if (inTransaction) await client.query("RELEASE SAVEPOINT write_points");
    return done[0].n;
  } catch (e) {
    if ((e as { code?: string }).code !== "23505") throw e;
    if (inTransaction) await client.query("ROLLBACK TO SAVEPOINT write_points");
    const { rows: done } = await client.query<{ n: number }>(sql("ON CONFLICT DO NOTHING"), params);
    return done[0].n;
  }
}

// ─── reads ───────────────────────────────────────────────────────────────────

export interface RawBucket {
  bucket: Date;
  count: number;
  avg: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Exact buckets from raw points: percentiles computed by PostgreSQL over each bucket's values.
 * Several deployments (an endpoint's releases) make one series.
 */
export async function rawBuckets(q: {
  deploymentIds: string[];
  name: string;
  from: Date;
  to: Date;
  bucketSeconds: number;
}): Promise<RawBucket[]> {
  const { rows } = await pool().query<RawBucket>(
    `SELECT date_bin(make_interval(secs => $5), ts, $3::timestamptz) AS bucket,
            count(*)::int AS count, avg(value) AS avg, min(value) AS min, max(value) AS max,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY value) AS p50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY value) AS p95,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY value) AS p99
     FROM metric_points
     WHERE deployment_id = ANY($1::text[]) AND name = $2 AND ts >= $3 AND ts < $4
     GROUP BY 1 ORDER BY 1`,
    [q.deploymentIds, q.name, q.from.toISOString(), q.to.toISOString(), q.bucketSeconds],
  );
  return rows;
}

export interface RollupRow {
  bucket: Date;
  count: number;
  sum: number;
  min: number;
  max: number;
  sketch: Sketch;
}

export type Resolution = "minute" | "hour";

export async function rollupRows(q: {
  deploymentIds: string[];
  name: string;
  from: Date;
  to: Date;
  resolution: Resolution;
}): Promise<RollupRow[]> {
  const { rows } = await pool().query<RollupRow>(
    `SELECT bucket, count::int AS count, sum, min, max, sketch
     FROM metric_rollups
     WHERE deployment_id = ANY($1::text[]) AND name = $2 AND resolution = $3::"RollupResolution" AND bucket >= $4 AND bucket < $5
     ORDER BY bucket`,
    [q.deploymentIds, q.name, q.resolution, q.from.toISOString(), q.to.toISOString()],
  );
  return rows;
}

export interface LiteRow {
  deploymentId: string;
  bucket: Date;
  count: number;
  sum: number;
  p95: number | null;
}

/** Rollup rows without sketches (count, sum, exact p95 per row): cheap enough for the fleet view. */
export async function rollupLiteMany(q: {
  deploymentIds: string[];
  name: string;
  from: Date;
  to: Date;
  resolution: Resolution;
}): Promise<LiteRow[]> {
  const { rows } = await pool().query<LiteRow>(
    `SELECT deployment_id AS "deploymentId", bucket, count::int AS count, sum, p95
     FROM metric_rollups
     WHERE deployment_id = ANY($1::text[]) AND name = $2 AND resolution = $3::"RollupResolution" AND bucket >= $4 AND bucket < $5
     ORDER BY deployment_id, bucket`,
    [q.deploymentIds, q.name, q.resolution, q.from.toISOString(), q.to.toISOString()],
  );
  return rows;
}

// ─── rollups and retention (run by background jobs) ──────────────────────────

/**
 * Recompute the minute and hour rollups of every range written since the last run. The
 * dirty rows are taken with SKIP LOCKED, so several workers share the work and none does a
 * range twice; a crash rolls the transaction back and leaves the rows for the next run.
 */
export async function rollup(limit = 500): Promise<{ ranges: number }> {
  return transaction(async (client) => {
    const { rows } = await client.query<{
      deployment_id: string;
      name: string;
      from_ts: Date;
      to_ts: Date;
    }>(
      `DELETE FROM metric_dirty WHERE id IN (
         SELECT id FROM metric_dirty ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING deployment_id, name, from_ts, to_ts`,
      [limit],
    );
    if (rows.length === 0) return { ranges: 0 };
    // Merge the ranges per series: one recomputation per series covering all its writes.
    const merged = new Map<
      string,
      { deploymentId: string; name: string; from: number; to: number }
    >();
    for (const r of rows) {
      const key = `${r.deployment_id}\u0000${r.name}`;
      const m = merged.get(key);
      const from = r.from_ts.getTime();
      const to = r.to_ts.getTime();
      if (!m) merged.set(key, { deploymentId: r.deployment_id, name: r.name, from, to });
      else {
        m.from = Math.min(m.from, from);
        m.to = Math.max(m.to, to);
      }
    }
    for (const s of merged.values()) {
      const hourFrom = new Date(Math.floor(s.from / 3_600_000) * 3_600_000);
      const hourTo = new Date((Math.floor(s.to / 3_600_000) + 1) * 3_600_000);
      await client.query(
        `INSERT INTO metric_rollups (deployment_id, name, resolution, bucket, count, sum, min, max, p95, sketch)
         SELECT $1, $2, 'minute', m.bucket, m.count, m.sum, m.min, m.max, m.p95, k.sketch
         FROM (SELECT date_trunc('minute', ts) AS bucket, count(*) AS count, sum(value) AS sum, min(value) AS min, max(value) AS max,
                      percentile_disc(0.95) WITHIN GROUP (ORDER BY value) AS p95
               FROM metric_points WHERE deployment_id = $1 AND name = $2 AND ts >= $3 AND ts < $4 GROUP BY 1) m
         JOIN (SELECT bucket, jsonb_object_agg(key, n) AS sketch
               FROM (SELECT date_trunc('minute', ts) AS bucket, ${SKETCH_KEY_SQL} AS key, count(*) AS n
                     FROM metric_points WHERE deployment_id = $1 AND name = $2 AND ts >= $3 AND ts < $4 GROUP BY 1, 2) b
               GROUP BY bucket) k USING (bucket)
         ON CONFLICT (deployment_id, name, resolution, bucket)
         DO UPDATE SET count = EXCLUDED.count, sum = EXCLUDED.sum, min = EXCLUDED.min, max = EXCLUDED.max, p95 = EXCLUDED.p95, sketch = EXCLUDED.sketch`,
        [s.deploymentId, s.name, hourFrom.toISOString(), hourTo.toISOString()],
      );
      await client.query(
        `INSERT INTO metric_rollups (deployment_id, name, resolution, bucket, count, sum, min, max, sketch)
         SELECT $1, $2, 'hour', h.bucket, h.count, h.sum, h.min, h.max, k.sketch
         FROM (SELECT date_trunc('hour', bucket) AS bucket, sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
               FROM metric_rollups WHERE deployment_id = $1 AND name = $2 AND resolution = 'minute' AND bucket >= $3 AND bucket < $4 GROUP BY 1) h
         JOIN (SELECT bucket, jsonb_object_agg(key, n) AS sketch
               FROM (SELECT date_trunc('hour', r.bucket) AS bucket, e.key, sum(e.value::bigint) AS n
                     FROM metric_rollups r, jsonb_each_text(r.sketch) e
                     WHERE r.deployment_id = $1 AND r.name = $2 AND r.resolution = 'minute' AND r.bucket >= $3 AND r.bucket < $4
                     GROUP BY 1, 2) b
               GROUP BY bucket) k USING (bucket)
         ON CONFLICT (deployment_id, name, resolution, bucket)
         DO UPDATE SET count = EXCLUDED.count, sum = EXCLUDED.sum, min = EXCLUDED.min, max = EXCLUDED.max, sketch = EXCLUDED.sketch`,
        [s.deploymentId, s.name, hourFrom.toISOString(), hourTo.toISOString()],
      );
      // The hour's exact p95 from its raw points, for overviews that need no sketch.
      await client.query(
        `UPDATE metric_rollups r SET p95 = x.p95
         FROM (SELECT date_trunc('hour', ts) AS bucket, percentile_disc(0.95) WITHIN GROUP (ORDER BY value) AS p95
               FROM metric_points WHERE deployment_id = $1 AND name = $2 AND ts >= $3 AND ts < $4 GROUP BY 1) x
         WHERE r.deployment_id = $1 AND r.name = $2 AND r.resolution = 'hour' AND r.bucket = x.bucket`,
        [s.deploymentId, s.name, hourFrom.toISOString(), hourTo.toISOString()],
      );
    }
    return { ranges: merged.size };
  });
}

/** Drop raw daily partitions entirely older than the retention, and minute rollups with them. */
export async function applyRetention(
  retentionDays: number,
  now = Date.now(),
): Promise<{ droppedPartitions: string[] }> {
  const cutoff = dayOf(now - retentionDays * DAY_MS);
  const { rows } = await pool().query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = 'metric_points'`,
  );
  const dropped: string[] = [];
  for (const { name } of rows) {
    const m = /^metric_points_(\d{4})(\d{2})(\d{2})$/.exec(name);
    if (!m) continue;
    const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (day + DAY_MS <= cutoff) {
      await pool().query(`DROP TABLE IF EXISTS metric_partitions.${name}`);
      partitionsKnown.delete(name);
      dropped.push(name);
    }
  }
  await pool().query(`DELETE FROM metric_rollups WHERE resolution = 'minute' AND bucket < $1`, [
    new Date(cutoff).toISOString(),
  ]);
  return { droppedPartitions: dropped };
}

/** The oldest time a new point may carry: older ones would land in a dropped partition. */
export function oldestAccepted(retentionDays: number, now = Date.now()): number {
  return dayOf(now - retentionDays * DAY_MS);
}
