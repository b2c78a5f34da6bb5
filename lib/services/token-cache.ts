import type { Principal } from "@/lib/permissions";

// Who a bearer token stands for, remembered for a few seconds per process so the ingest hot
// path does not ask PostgreSQL on every request. Correctness comes from invalidation, not from
// the short lifetime: a trigger on `api_tokens` and `users` NOTIFYs every instance of any change
// that could narrow what a token may do (revocation, expiry, scopes, narrowing, the owner's
// role or disabled flag, deletion), and each instance empties its cache on it. Entries are
// only served while this instance's LISTEN connection is up, and only if they were filled on
// the connection that is up now: a notification missed while reconnecting cannot leave a
// revoked token working.

export const TOKEN_CHANNEL = "modelgate_tokens";

interface Entry {
  principal: Principal;
  /** When this entry stops being served (ms): the cache lifetime, or the token's expiry if sooner. */
  until: number;
  /** The LISTEN connection it was filled under. */
  epoch: number;
  /** When the token's use was last recorded in the database (ms). */
  lastUsedAt: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every clear(): a read that began before a clear must not fill the cache after it. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The principal for this token hash, if cached, still fresh and filled under `epoch`. */
  get(hash: string, epoch: number | null, now: number): Entry | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (epoch === null || e.epoch !== epoch || now >= e.until) {
      this.entries.delete(hash);
      return undefined;
    }
    return e;
  }

  /** Take before reading the database; hand to set() so a clear in between wins. */
  ticket(): number {
    return this.generation;
  }

  set(
    hash: string,
    entry: { principal: Principal; expiresAt: number | null; lastUsedAt: number },
    at: { epoch: number | null; ticket: number; now: number },
  ): void {
    const { epoch, ticket, now } = at;
    if (this.ttlMs <= 0 || epoch === null || ticket !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const until = Math.min(now + this.ttlMs, entry.expiresAt ?? Infinity);
    this.entries.set(hash, {
      principal: entry.principal,
      until,
      epoch,
      lastUsedAt: entry.lastUsedAt,
    });
  }

  /** Forget everything (any token or user changed somewhere). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
