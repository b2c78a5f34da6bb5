import { env } from "@/lib/env";
import { pool } from "@/lib/pg";
import type { Principal } from "@/lib/permissions";
import { rateLimited } from "./errors";

// Fixed-window rate limiting shared by every app instance through PostgreSQL, without a
// database round trip per request. Each instance holds a lease per caller and window: quota it
// reserved from the shared counter in chunks (1, 2, 4, … up to a sixteenth of the limit), and
// it spends the lease in memory. The shared counter counts what was reserved, so all instances
// together never admit more than the limit in a window; the price is that a chunk reserved by
// one instance and not spent there is lost to the others for the rest of the window (at most
// a sixteenth of the limit per instance). One instance alone admits exactly the limit.

interface Lease {
  windowStart: number;
  granted: number;
  used: number;
  chunk: number;
  /** The shared counter has reached the limit: refuse without asking again until the window ends. */
  exhausted: boolean;
  reserving: Promise<void> | null;
}

export interface RateLimitOptions {
  limit: number;
  window: number;
}

export class RateLimiter {
  private readonly leases = new Map<string, Lease>();
  /** Round trips to the shared counter (for tests and benchmarks). */
  reservations = 0;

  async check(key: string, now: number, { limit, window }: RateLimitOptions): Promise<void> {
    const windowMs = window * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    const retryAfter = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    let lease = this.leases.get(key);
    if (!lease || lease.windowStart !== start) {
      if (this.leases.size > 10_000) this.forgetBefore(start);
      lease = {
        windowStart: start,
        granted: 0,
        used: 0,
        chunk: 1,
        exhausted: false,
        reserving: null,
      };
      this.leases.set(key, lease);
    }
    for (;;) {
      if (lease.used < lease.granted) {
        lease.used++;
        return;
      }
      if (lease.exhausted) throw rateLimited(retryAfter);
      lease.reserving ??= this.reserve(key, lease, limit).finally(() => (lease.reserving = null));
      await lease.reserving;
    }
  }

  private async reserve(key: string, lease: Lease, limit: number) {
    const want = Math.min(lease.chunk, Math.max(1, Math.floor(limit / 16)));
    this.reservations++;
    const { rows } = await pool().query<{ count: number }>(
      `INSERT INTO rate_limit_buckets (key, window_start, count) VALUES ($1, $2, $3)
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + $3
       RETURNING count`,
      [key, new Date(lease.windowStart).toISOString(), want],
    );
    const before = rows[0].count - want;
    const got = Math.max(0, Math.min(want, limit - before));
    lease.granted += got;
    lease.chunk *= 2;
    if (got < want) lease.exhausted = true;
  }

  private forgetBefore(start: number) {
    for (const [key, lease] of this.leases) if (lease.windowStart < start) this.leases.delete(key);
  }
}

const g = globalThis as unknown as { modelgateRateLimiter?: RateLimiter };

export async function checkRateLimit(
  principal: Principal,
  bucket: string,
  now = Date.now(),
  options: RateLimitOptions = {
    limit: env().INGEST_RATE_LIMIT,
    window: env().INGEST_RATE_WINDOW_SECONDS,
  },
): Promise<void> {
  const key = `${bucket}:${principal.token?.id ?? principal.user.id}`;
  await (g.modelgateRateLimiter ??= new RateLimiter()).check(key, now, options);
}

/** Forget windows that ended (run by a background job). */
export async function pruneRateLimits(now = Date.now()): Promise<number> {
  const res = await pool().query(`DELETE FROM rate_limit_buckets WHERE window_start < $1`, [
    new Date(now - 3_600_000).toISOString(),
  ]);
  return res.rowCount ?? 0;
}
