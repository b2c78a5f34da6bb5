import { env } from "@/lib/env";
import { pool } from "@/lib/pg";
import type { Principal } from "@/lib/permissions";
import { rateLimited } from "./errors";

// Fixed-window rate limiting kept in PostgreSQL, so every app instance counts against the same
// budget: one upsert per request increments the caller's counter for the current window.

export async function checkRateLimit(
  principal: Principal,
  bucket: string,
  now = Date.now(),
  { limit, window } = { limit: env().INGEST_RATE_LIMIT, window: env().INGEST_RATE_WINDOW_SECONDS },
): Promise<void> {
  const windowMs = window * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  const key = `${bucket}:${principal.token?.id ?? principal.user.id}`;
  const { rows } = await pool().query<{ count: number }>(
    `INSERT INTO rate_limit_buckets (key, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + 1
     RETURNING count`,
    [key, new Date(start).toISOString()],
  );
  if (rows[0].count > limit)
    throw rateLimited(Math.max(1, Math.ceil((start + windowMs - now) / 1000)));
}

/** Forget windows that ended (run by a background job). */
export async function pruneRateLimits(now = Date.now()): Promise<number> {
  const res = await pool().query(`DELETE FROM rate_limit_buckets WHERE window_start < $1`, [
    new Date(now - 3_600_000).toISOString(),
  ]);
  return res.rowCount ?? 0;
}
