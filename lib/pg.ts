import pg from "pg";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// A plain `pg` pool for the time-series hot path (metric points, predictions, rollups): hand-
// written SQL with array parameters, no ORM between the request and PostgreSQL. Lazy and kept
// on globalThis like the Prisma client, so importing it needs no database.

const globalForPg = globalThis as unknown as { modelgatePg?: pg.Pool };

export function pool(): pg.Pool {
  if (!globalForPg.modelgatePg) {
    const created = new pg.Pool({ connectionString: env().DATABASE_URL, max: env().DB_POOL_MAX });
    // An idle connection the database ends (a restart, a failover, the embedded database
    // stopping first) is re-emitted here; unheard, that error ended the process. The pool drops
    // the connection and opens a new one on the next query.
    created.on("error", (err) =>
      log.warn({ err: err.message }, "an idle database connection ended"),
    );
    globalForPg.modelgatePg = created;
  }
  return globalForPg.modelgatePg;
}

/** Run `fn` in a transaction on one pooled connection; roll back on any error. */
export async function transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
