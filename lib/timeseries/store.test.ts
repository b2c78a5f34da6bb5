import pg from "pg";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { pool } from "@/lib/pg";
import { ensurePartitions } from "./store";

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
