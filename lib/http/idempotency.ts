import { createHash } from "node:crypto";
import type pg from "pg";
import { pool, transaction } from "@/lib/pg";
import type { Principal } from "@/lib/permissions";
import { AppError, conflict } from "./errors";

// Idempotency-Key for ingestion: a retried request with the same key and body gets the first
// response and stores nothing twice; the same key with a different body is refused (422).
// The key is claimed (a placeholder row) before the work starts, so two concurrent requests
// with one key cannot both write; the stored response is written in the same transaction as
// the data, so "stored" and "remembered" commit together. Keys are per caller (token or user).

const STALE_MS = 60_000;
const KEY = /^[\x21-\x7e]{1,255}$/;

export interface Outcome {
  status: number;
  body: unknown;
}

function replay(row: { status: number; response: unknown }): Response {
  return new Response(JSON.stringify(row.response), {
    status: row.status,
    headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" },
  });
}

export async function idempotent(
  principal: Principal,
  req: Request,
  body: unknown,
  work: (client: pg.PoolClient) => Promise<Outcome>,
  /** The work writes in one statement, so it needs no transaction of its own when no key is sent. */
  singleStatement = false,
): Promise<Response> {
  const key = req.headers.get("idempotency-key");
  if (key === null && !singleStatement) {
    const outcome = await transaction(work);
    return Response.json(outcome.body, { status: outcome.status });
  }
  if (key === null) {
    // Nothing to remember and one writing statement: no BEGIN/COMMIT round trips.
    const client = await pool().connect();
    try {
      const outcome = await work(client);
      return Response.json(outcome.body, { status: outcome.status });
    } finally {
      client.release();
    }
  }
  if (!KEY.test(key)) {
    throw new AppError("validation_failed", "Invalid Idempotency-Key header", {
      errors: [{ path: "header.Idempotency-Key", message: "1 to 255 visible ASCII characters" }],
    });
  }
  const scope = principal.token?.id ?? principal.user.id;
  const hash = createHash("sha256").update(`${req.method} ${new URL(req.url).pathname}\n${JSON.stringify(body)}`).digest("hex");

  const claimed = await pool().query(
    `INSERT INTO idempotency_keys (scope, key, request_hash, status, response) VALUES ($1, $2, $3, 0, '{}')
     ON CONFLICT (scope, key) DO UPDATE SET created_at = now(), request_hash = EXCLUDED.request_hash
       WHERE idempotency_keys.status = 0 AND idempotency_keys.created_at < now() - make_interval(secs => $4)
     RETURNING key`,
    [scope, key, hash, STALE_MS / 1000],
  );
  if (claimed.rowCount === 0) {
    const { rows } = await pool().query<{ request_hash: string; status: number; response: unknown }>(
      `SELECT request_hash, status, response FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    if (!row) throw conflict("This Idempotency-Key was released while checking it; retry.");
    if (row.request_hash !== hash) {
      throw new AppError("unprocessable", "This Idempotency-Key was already used with a different request body. Use a new key for a new request.");
    }
    if (row.status === 0) throw conflict("A request with this Idempotency-Key is still being processed; retry shortly.");
    return replay(row);
  }

  try {
    const outcome = await transaction(async (client) => {
      const result = await work(client);
      await client.query(`UPDATE idempotency_keys SET status = $3, response = $4 WHERE scope = $1 AND key = $2`, [
        scope,
        key,
        result.status,
        JSON.stringify(result.body),
      ]);
      return result;
    });
    return Response.json(outcome.body, { status: outcome.status });
  } catch (e) {
    // Nothing was stored: release the key so a corrected retry may use it.
    await pool().query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status = 0`, [scope, key]).catch(() => undefined);
    throw e;
  }
}
