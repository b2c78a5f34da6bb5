import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDb, startEmbeddedDb } from "./embedded-db";

// The embedded database serves one PGlite session to many connections. Queries with
// parameters use the extended protocol (Parse, Bind, Execute, Sync as separate messages);
// if another connection's messages run between them, it replaces the shared unnamed
// statement and one connection gets the other's result, or none: this is what made pg-boss
// complete a job with no row ("Cannot read properties of undefined (reading 'count')").

let embedded: EmbeddedDb;

beforeAll(async () => {
  embedded = await startEmbeddedDb({
    inMemory: true,
    port: Number(process.env.EMBEDDED_TEST_PORT ?? 3563),
  });
}, 60_000);

afterAll(async () => {
  await embedded?.stop();
});

describe("embedded database (PGlite over TCP)", () => {
  it("answers concurrent parameterised queries from several connections each with its own result", async () => {
    const pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
    const holder = new pg.Client({ connectionString: embedded.url });
    await holder.connect();
    try {
      // An open transaction on one connection holds the others' messages back; when it ends,
      // their queued messages must not run interleaved.
      // Four open connections first, so that all four have queries waiting.
      await Promise.all(Array.from({ length: 8 }, () => pool.query("SELECT 1")));
      await holder.query("BEGIN");
      await holder.query("SELECT $1::int", [1]);
      const pending = Array.from({ length: 40 }, (_, i) =>
        pool.query<{ n: number; tag: string }>(`SELECT $1::int AS n, $2::text || '${i}' AS tag`, [
          i,
          "q",
        ]),
      );
      await new Promise((r) => setTimeout(r, 300));
      await holder.query("COMMIT");
      const results = await Promise.allSettled(pending);
      const wrong = results.flatMap((r, i) => {
        if (r.status === "rejected") return [`${i}: ${(r.reason as Error).message}`];
        const row = r.value.rows[0];
        return row && row.n === i && row.tag === `q${i}`
          ? []
          : [`${i}: got ${JSON.stringify(r.value.rows)}`];
      });
      expect(wrong).toEqual([]);
    } finally {
      await holder.end();
      await pool.end();
    }
  }, 60_000);
});
