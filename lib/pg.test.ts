import pg from "pg";
import { describe, expect, it } from "vitest";
import { env } from "./env";
import { pool } from "./pg";

describe("the pg pool (PostgreSQL)", () => {
  it("survives the database ending an idle connection (a restart, a failover, an embedded database stopping first)", async () => {
    const client = await pool().connect();
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    client.release(); // idle in the pool now
    const admin = new pg.Client({ connectionString: env().DATABASE_URL });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [rows[0].pid]);
    await admin.end();
    await new Promise((r) => setTimeout(r, 300));
    // Without an error listener the pool re-emitted the idle client's error and the process died.
    const again = await pool().query<{ ok: number }>("SELECT 1 AS ok");
    expect(again.rows[0].ok).toBe(1);
  });
});
