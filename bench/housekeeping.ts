// Housekeeping on a table that grew for a day at full rate: 200,000 idempotency keys older
// than a day and 50,000 newer. Times pruneIdempotencyKeys (batches of 5,000 rows) and one
// batch on its own, the longest a concurrent writer could wait on a row it deletes.
// Run on a scratch database: DATABASE_URL=... npm run bench -- housekeeping
import { performance } from "node:perf_hooks";
import { pool } from "../lib/pg";
import { pruneIdempotencyKeys } from "../lib/services/housekeeping";

const OLD = 200_000;
const NEW = 50_000;

async function fill(scope: string) {
  await pool().query(
    `INSERT INTO idempotency_keys (key, scope, request_hash, status, response, created_at)
     SELECT 'k' || i, $1, 'h', 202, '{"accepted": 1}'::jsonb,
            CASE WHEN i <= $2 THEN now() - interval '2 days' ELSE now() - interval '1 hour' END
     FROM generate_series(1, $3::int) i`,
    [scope, OLD, OLD + NEW],
  );
}

export async function main() {
  const scope = `bench-${Date.now()}`;
  await fill(scope);
  const t0 = performance.now();
  const deleted = await pruneIdempotencyKeys();
  const ms = performance.now() - t0;
  const left = (
    await pool().query<{ n: string }>(
      `SELECT count(*) AS n FROM idempotency_keys WHERE scope = $1`,
      [scope],
    )
  ).rows[0].n;
  console.log(
    `pruneIdempotencyKeys: ${deleted} rows in ${ms.toFixed(0)} ms (${Math.round(deleted / (ms / 1000))} rows/s, ${Math.ceil(deleted / 5000)} batches, ~${(ms / Math.ceil(deleted / 5000)).toFixed(1)} ms a batch); ${left} newer rows kept`,
  );

  // One batch alone, with the plan: the delete must use the created_at index.
  await pool().query(
    `UPDATE idempotency_keys SET created_at = now() - interval '2 days' WHERE scope = $1 AND key IN (SELECT key FROM idempotency_keys WHERE scope = $1 LIMIT 5000)`,
    [scope],
  );
  const plan = await pool().query<{ "QUERY PLAN": string }>(
    `EXPLAIN SELECT ctid FROM idempotency_keys WHERE created_at < now() - interval '1 day' LIMIT 5000`,
  );
  const t1 = performance.now();
  const one = await pruneIdempotencyKeys();
  console.log(
    `one batch of ${one} rows: ${(performance.now() - t1).toFixed(1)} ms; plan: ${plan.rows.map((r) => r["QUERY PLAN"].trim()).join(" / ")}`,
  );
  await pool().query(`DELETE FROM idempotency_keys WHERE scope = $1`, [scope]);
  await pool().end();
}
