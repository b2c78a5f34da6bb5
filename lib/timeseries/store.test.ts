import pg from "pg";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { pool } from "@/lib/pg";
import {
  SKETCH_INDEX_SQL,
  SKETCH_KEY_SQL,
  SKETCH_SIGN_SQL,
  SKETCH_VALUE_SQL,
  keyOf,
  valueOf,
} from "@/lib/stats/sketch";
import {
  drainRollups,
  ensurePartitions,
  rollup,
  spreadEvents,
  writeEventPoints,
  writePoints,
} from "./store";
import { transaction } from "@/lib/pg";

const DAY_MS = 86_400_000;

describe("ensurePartitions (PostgreSQL)", () => {
  it("a creation that fails inside a transaction leaks no lock: other writers can still create partitions", async () => {
    // A far-future day of this test's own, already covered by a partition under another
    // name, so that creating the standard partition fails ("would overlap").
    const day = Date.UTC(2300, 0, 1) + Math.floor(Math.random() * 20_000) * DAY_MS;
    const blocker = `metric_partitions.blocker_${Math.random().toString(36).slice(2, 10)}`;
    const from = new Date(day).toISOString();
    const to = new Date(day + DAY_MS).toISOString();
    await pool().query(
      `CREATE TABLE ${blocker} PARTITION OF metric_points FOR VALUES FROM ('${from}') TO ('${to}')`,
    );
    const writer = new pg.Client({ connectionString: env().DATABASE_URL });
    await writer.connect();
    try {
      await writer.query("BEGIN");
      await expect(ensurePartitions(writer, [day + 1000])).rejects.toThrow(/overlap/);
      await writer.query("ROLLBACK");
      // The writer's session is still open (a pooled connection would be reused as is).
      const { rows } = await pool().query<{ ok: boolean }>(
        "SELECT pg_try_advisory_xact_lock(hashtext('modelgate.metric_partitions')) AS ok",
      );
      expect(rows[0].ok).toBe(true);
    } finally {
      await writer.end();
      await pool().query(`DROP TABLE ${blocker}`);
    }
  });

  it("creates the partitions outside a transaction too, and the lock ends with the statement", async () => {
    const day = Date.UTC(2300, 0, 1) + Math.floor(Math.random() * 20_000) * DAY_MS;
    const client = await pool().connect();
    try {
      await ensurePartitions(client, [day, day + DAY_MS]);
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
      );
      expect(rows[0].n).toBe(0);
      const tables = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'metric_partitions' AND tablename = ANY($1)`,
        [
          [day, day + DAY_MS].map(
            (d) => `metric_points_${new Date(d).toISOString().slice(0, 10).replaceAll("-", "")}`,
          ),
        ],
      );
      expect(tables.rows[0].n).toBe(2);
    } finally {
      client.release();
    }
  });
});

describe("writePoints (PostgreSQL)", () => {
  const series = () => ({
    deploymentId: `wp-${Math.random().toString(36).slice(2, 10)}`,
    t: Date.now() - 3_600_000,
  });

  it("skips points already stored, alone, in a batch or inside a transaction that goes on", async () => {
    const { deploymentId, t } = series();
    const at = (i: number) => ({ deploymentId, name: "m", ts: new Date(t + i), value: i });
    const client = await pool().connect();
    try {
      expect(await writePoints(client, [at(0), at(1)])).toBe(2);
      // A repeat of a stored point and a point repeated within the batch: only the new ones.
      expect(await writePoints(client, [at(1), at(2), at(3), at(3)])).toBe(2);
    } finally {
      client.release();
    }
    // In a transaction the failed plain INSERT is undone to a savepoint, and the work after it commits.
    const written = await transaction(async (tx) => {
      const n = await writePoints(tx, [at(3), at(4)]);
      await tx.query(
        `INSERT INTO metric_dirty (deployment_id, name, from_ts, to_ts) VALUES ($1, 'after', now(), now())`,
        [deploymentId],
      );
      return n;
    });
    expect(written).toBe(1);
    const { rows } = await pool().query<{ n: number; after: number }>(
      `SELECT (SELECT count(*)::int FROM metric_points WHERE deployment_id = $1) AS n,
              (SELECT count(*)::int FROM metric_dirty WHERE deployment_id = $1 AND name = 'after') AS after`,
      [deploymentId],
    );
    expect(rows[0]).toEqual({ n: 5, after: 1 });
  });

  it("writes a batch spanning several deployments", async () => {
    const a = series();
    const b = series();
    const client = await pool().connect();
    try {
      const pts = [a, b].flatMap((s) =>
        [0, 1, 2].map((i) => ({
          deploymentId: s.deploymentId,
          name: "m",
          ts: new Date(s.t + i),
          value: i,
        })),
      );
      expect(await writePoints(client, pts)).toBe(6);
      expect(await writePoints(client, pts)).toBe(0);
    } finally {
      client.release();
    }
  });
});

describe("spreadEvents", () => {
  const p = (deploymentId: string, ts: number | Date) => ({
    deploymentId,
    name: "m",
    ts,
    value: 1,
  });

  it("keeps the first point of a millisecond where it is and moves the next back to the closest free one, per series", () => {
    const t = 1_764_500_000_123;
    const out = spreadEvents(
      [p("a", t), p("a", t), p("b", t), p("a", new Date(t)), p("a", t + 1)],
      new Map(),
    );
    expect(out.map((x) => [x.deploymentId, x.ts])).toEqual([
      ["a", t],
      ["a", t - 1],
      ["b", t],
      ["a", t - 2],
      ["a", t + 1],
    ]);
  });

  it("gives 10,000 points of one time the 10,000 milliseconds up to it, around a taken run", () => {
    const t = 1_764_500_000_000;
    const taken = new Map([["a\u0000m", new Set([t - 10, t - 11, t - 12])]]);
    const out = spreadEvents(
      Array.from({ length: 10_000 }, () => p("a", t)),
      taken,
    ).map((x) => x.ts as number);
    expect(new Set(out).size).toBe(10_000);
    expect(out.slice(8, 12)).toEqual([t - 8, t - 9, t - 13, t - 14]);
    expect(Math.min(...out)).toBe(t - 10_002);
  });

  it("skips the milliseconds an earlier batch holds", () => {
    const t = 1_764_500_000_000;
    const taken = new Map([["a\u0000m", new Set([t, t - 1, t - 3])]]);
    expect(spreadEvents([p("a", t), p("a", t), p("a", t)], taken).map((x) => x.ts)).toEqual([
      t - 2,
      t - 4,
      t - 5,
    ]);
  });
});

describe("writeEventPoints (PostgreSQL)", () => {
  it("keeps every event of a millisecond, in one batch and across batches, and the rollups count them all", async () => {
    const deploymentId = `we-${Math.random().toString(36).slice(2, 10)}`;
    // The last millisecond of a minute's first second: 2,005 events there fill that second and
    // the previous minute's last one, and 5 ms more.
    const minute = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
    const t = minute + 999;
    const batch = Array.from({ length: 1500 }, (_, i) => ({
      deploymentId,
      name: "latency",
      ts: t,
      value: i,
    }));
    expect(await transaction((tx) => writeEventPoints(tx, batch))).toBe(1500);
    // A second batch at the same millisecond moves back past the first one's.
    expect(await transaction((tx) => writeEventPoints(tx, batch.slice(0, 500)))).toBe(500);
    // A small one, after them, looks back further than its own size to find room.
    expect(await transaction((tx) => writeEventPoints(tx, batch.slice(0, 5)))).toBe(5);
    const { rows } = await pool().query<{
      n: number;
      distinct: number;
      first: string;
      last: string;
    }>(
      `SELECT count(*)::int AS n, count(DISTINCT ts)::int AS distinct,
              min((extract(epoch FROM ts) * 1000)::bigint)::text AS first,
              max((extract(epoch FROM ts) * 1000)::bigint)::text AS last
       FROM metric_points WHERE deployment_id = $1`,
      [deploymentId],
    );
    expect(rows[0]).toEqual({
      n: 2005,
      distinct: 2005,
      first: String(t - 2004),
      last: String(t),
    });
    await rollup(10_000);
    const minutes = await pool().query<{ bucket: Date; count: number }>(
      `SELECT bucket, count::int FROM metric_rollups
       WHERE deployment_id = $1 AND resolution = 'minute' ORDER BY bucket`,
      [deploymentId],
    );
    expect(minutes.rows.map((r) => [r.bucket.getTime(), r.count])).toEqual([
      [minute - 60_000, 1005],
      [minute, 1000],
    ]);
  });
});

describe("the sketch in SQL", () => {
  it("puts every value in the bucket keyOf() does, with valueOf()'s representative", async () => {
    const values = [0, 1e-12, -1e-12, 1, -1, 0.5, 2, 37.4, -37.4, 1e-6, 123456.789, 1e12, -3e-3];
    for (let i = 0; i < 200; i++)
      values.push((Math.random() - 0.3) * 10 ** (Math.random() * 12 - 4));
    const { rows } = await pool().query<{ value: number; key: string; rep: number }>(
      `SELECT value, ${SKETCH_KEY_SQL} AS key, ${SKETCH_VALUE_SQL} AS rep
       FROM (SELECT value, ${SKETCH_SIGN_SQL} AS sg, ${SKETCH_INDEX_SQL} AS i
             FROM unnest($1::float8[]) AS value) b`,
      [values],
    );
    for (const r of rows) {
      expect(r.key).toBe(keyOf(r.value));
      const rep = valueOf(r.key);
      expect(Math.abs(r.rep - rep)).toBeLessThanOrEqual(Math.abs(rep) * 1e-12);
    }
  });
});

describe("drainRollups (PostgreSQL)", () => {
  it("shares the series between workers and rolls every one of them up", async () => {
    const t = Math.floor((Date.now() - 5 * 3_600_000) / 3_600_000) * 3_600_000;
    const ids = Array.from(
      { length: 6 },
      (_, i) => `drain-${i}-${Math.random().toString(36).slice(2)}`,
    );
    const client = await pool().connect();
    try {
      for (const [k, id] of ids.entries())
        await writePoints(
          client,
          Array.from({ length: 50 + k }, (_, i) => ({
            deploymentId: id,
            name: "m",
            ts: new Date(t + i * 90_000),
            value: i,
          })),
        );
    } finally {
      client.release();
    }
    await drainRollups({ workers: 3, limit: 2 });
    const { rows } = await pool().query<{ id: string; res: string; n: number; dirty: number }>(
      `SELECT d AS id, r.resolution AS res, coalesce(sum(r.count), 0)::int AS n,
              (SELECT count(*)::int FROM metric_dirty WHERE deployment_id = d) AS dirty
       FROM unnest($1::text[]) AS d LEFT JOIN metric_rollups r ON r.deployment_id = d
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [ids],
    );
    for (const [k, id] of ids.entries())
      for (const res of ["minute", "hour", "ten_minutes"])
        expect(rows.find((r) => r.id === id && r.res === res)).toEqual({
          id,
          res,
          n: 50 + k,
          dirty: 0,
        });
  });
});
