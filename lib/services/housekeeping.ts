import { env } from "@/lib/env";
import { pool } from "@/lib/pg";

// Tables that grow with traffic, kept to what is still useful. Run by the housekeeping job
// (every 10 minutes). Each deletes in batches of BATCH rows, so one run never holds a long
// statement or a huge lock set on a table the hot path writes, and stops after MAX_BATCHES
// (a backlog is worked off over several runs). Every predicate is served by an index that
// leads with its time column (see the migration that added them).

const BATCH = 5_000;
const MAX_BATCHES = 100;

/** Delete rows of `table` matching `where` (with $1.. params), a batch at a time. */
async function deleteInBatches(table: string, where: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const res = await pool().query(
      `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT ${BATCH}))`,
      params,
    );
    total += res.rowCount ?? 0;
    if ((res.rowCount ?? 0) < BATCH) break;
  }
  return total;
}

const before = (now: Date, seconds: number) =>
  new Date(now.getTime() - seconds * 1000).toISOString();

/** Sign-in attempts count only inside the window; twice the window keeps some for review. */
export function pruneLoginAttempts(
  now = new Date(),
  windowSeconds = env().LOGIN_WINDOW_SECONDS,
): Promise<number> {
  return deleteInBatches("login_attempts", "created_at < $1", [before(now, 2 * windowSeconds)]);
}

/** A retry with the same key comes within minutes; a day is generous. */
export function pruneIdempotencyKeys(now = new Date()): Promise<number> {
  return deleteInBatches("idempotency_keys", "created_at < $1", [before(now, 86_400)]);
}

/** Presence is ignored after 30 s without a heartbeat; rows an hour old belong to closed streams. */
export function prunePresence(now = new Date()): Promise<number> {
  return deleteInBatches("checklist_presence", "seen_at < $1", [before(now, 3600)]);
}

/** The delivery log keeps `days` days; a delivery still being retried stays until it ends. */
export function pruneWebhookDeliveries(
  now = new Date(),
  days = env().WEBHOOK_DELIVERY_RETENTION_DAYS,
): Promise<number> {
  return deleteInBatches("webhook_deliveries", "created_at < $1 AND status <> 'pending'", [
    before(now, days * 86_400),
  ]);
}
