import { createHash } from "node:crypto";
import type pg from "pg";
import { pool, transaction } from "@/lib/pg";
import type { Principal } from "@/lib/permissions";
import { type AppError, conflictRetryAfter, invalidField, unprocessable } from "@/lib/errors";
import type { TypedResponse } from "./route";
import { sized } from "./sized";

// Idempotency-Key for ingestion: a retried request with the same key and body gets the first
// response and stores nothing twice; the same key with a different body is refused (422).
// The key is claimed by inserting its row in the same transaction as the data: a concurrent
// request with the same key waits on that row (at most CLAIM_WAIT_MS, then 409 with
// Retry-After), and if the instance doing the work dies, PostgreSQL rolls its transaction
// back when the connection drops, so the claim disappears with it and a retry on any other
// instance proceeds at once. There is no placeholder that outlives its request, hence no
// stale-claim timeout. Keys are per caller (token or user).

const CLAIM_WAIT_MS = 5_000;
const RETRY_AFTER_SECONDS = 1;
const KEY = /^[\x21-\x7e]{1,255}$/;

export interface Outcome<T = unknown> {
  status: number;
  body: T;
}

/** The stored answer to the same request: the body `work` returned then, so typed as its own. */
function replay<T>(row: { status: number; response: unknown }): TypedResponse<T> {
  return sized(JSON.stringify(row.response), row.status, {
    "Content-Type": "application/json",
    "Idempotent-Replayed": "true",
  }) as TypedResponse<T>;
}

function answer<T>(outcome: Outcome<T>): TypedResponse<T> {
  return sized(JSON.stringify(outcome.body), outcome.status, {
    "Content-Type": "application/json",
  }) as TypedResponse<T>;
}

export async function idempotent<T>(
  {
    principal,
    req,
    body,
    singleStatement = false,
  }: {
    principal: Principal;
    req: Request;
    body: unknown;
    /** The work writes in one statement, so it needs no transaction of its own when no key is sent. */
    singleStatement?: boolean;
  },
  work: (client: pg.PoolClient) => Promise<Outcome<T>>,
): Promise<TypedResponse<T>> {
  const key = req.headers.get("idempotency-key");
  if (key === null && !singleStatement) {
    return answer(await transaction(work));
  }
  if (key === null) {
    // Nothing to remember and one writing statement: no BEGIN/COMMIT round trips.
    const client = await pool().connect();
    try {
      return answer(await work(client));
    } finally {
      client.release();
    }
  }
  if (!KEY.test(key)) {
    throw invalidField(
      "header.Idempotency-Key",
      "1 to 255 visible ASCII characters",
      "Invalid Idempotency-Key header",
    );
  }
  const scope = principal.token?.id ?? principal.user.id;
  const hash = createHash("sha256")
    .update(`${req.method} ${new URL(req.url).pathname}\n${JSON.stringify(body)}`)
    .digest("hex");

  const outcome = await transaction(async (client): Promise<Outcome<T> | TypedResponse<T>> => {
    // Wait for a concurrent holder of the key only briefly; the lock timeout is reset right
    // after, so it never limits the work itself.
    await client.query(`SET LOCAL lock_timeout = ${CLAIM_WAIT_MS}`);
    let claimed: pg.QueryResult;
    try {
      // A committed row with status 0 can only be a placeholder left by an older version
      // (which committed its claim separately): take it over.
      claimed = await client.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, status, response) VALUES ($1, $2, $3, 0, '{}')
         ON CONFLICT (scope, key) DO UPDATE SET created_at = now(), request_hash = EXCLUDED.request_hash
           WHERE idempotency_keys.status = 0
         RETURNING key`,
        [scope, key, hash],
      );
    } catch (e) {
      if ((e as { code?: string }).code === "55P03") throw stillProcessing();
      throw e;
    }
    await client.query("SET LOCAL lock_timeout TO DEFAULT");
    if (claimed.rowCount === 0) {
      const { rows } = await client.query<{
        request_hash: string;
        status: number;
        response: unknown;
      }>(
        `SELECT request_hash, status, response FROM idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      const row = rows[0];
      if (!row) throw stillProcessing();
      if (row.request_hash !== hash) {
        throw unprocessable(
          "This Idempotency-Key was already used with a different request body. Use a new key for a new request.",
        );
      }
      return replay<T>(row);
    }
    const result = await work(client);
    await client.query(
      `UPDATE idempotency_keys SET status = $3, response = $4 WHERE scope = $1 AND key = $2`,
      [scope, key, result.status, JSON.stringify(result.body)],
    );
    return result;
  });
  if (outcome instanceof Response) return outcome;
  return answer(outcome);
}

/** Another request holds the key right now; the client should send the same request again. */
function stillProcessing(): AppError {
  return conflictRetryAfter(
    "A request with this Idempotency-Key is still being processed; retry shortly.",
    RETRY_AFTER_SECONDS,
  );
}
