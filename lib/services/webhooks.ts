import { createHmac, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { type AllowList, parseAllowList } from "@/lib/net/address";
import { DeliveryRefused, postJson } from "@/lib/net/post";
import { notFound } from "@/lib/errors";
import { pool } from "@/lib/pg";
import type { WebhookDto } from "@/lib/schemas/webhooks";
import { type Actor, recordAudit } from "./audit";

// Webhooks: admins subscribe a URL to event types; events are delivered from the outbox
// (domain_events) with retries and exponential backoff. Each delivery is signed:
// X-Modelgate-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>"> with the webhook's
// secret, X-Modelgate-Timestamp: <unix seconds>, so receivers can check authenticity and age.

export const MAX_ATTEMPTS = 8;

export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** Seconds to wait before attempt n+1 after n failures: 10 s, 20 s, 40 s … capped at an hour. */
export function backoffSeconds(failures: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, failures - 1));
}

const hookSelect = {
  id: true,
  url: true,
  events: true,
  active: true,
  createdAt: true,
  updatedAt: true,
} as const;

function serializeHook(h: {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}): WebhookDto {
  return { ...h, createdAt: h.createdAt.toISOString(), updatedAt: h.updatedAt.toISOString() };
}

export async function listWebhooks() {
  const rows = await db.webhook.findMany({ select: hookSelect, orderBy: { createdAt: "desc" } });
  return { items: rows.map(serializeHook) };
}

/** The secret is returned once, here. */
export async function createWebhook(
  actor: Actor,
  input: { url: string; events: string[]; active?: boolean },
) {
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  return db.$transaction(async (tx) => {
    const row = await tx.webhook.create({
      data: {
        url: input.url,
        events: [...new Set(input.events)],
        active: input.active ?? true,
        secret,
        createdById: actor.userId,
      },
      select: hookSelect,
    });
    await recordAudit(tx, actor, {
      action: "webhook.create",
      entityType: "webhook",
      entityId: row.id,
      after: serializeHook(row),
    });
    return { ...serializeHook(row), secret };
  });
}

export async function updateWebhook(
  actor: Actor,
  id: string,
  input: { url?: string; events?: string[]; active?: boolean },
) {
  return db.$transaction(async (tx) => {
    const before = await tx.webhook.findUnique({ where: { id }, select: hookSelect });
    if (!before) throw notFound("Webhook");
    const after = await tx.webhook.update({
      where: { id },
      data: { ...input, ...(input.events ? { events: [...new Set(input.events)] } : {}) },
      select: hookSelect,
    });
    await recordAudit(tx, actor, {
      action: "webhook.update",
      entityType: "webhook",
      entityId: id,
      before: serializeHook(before),
      after: serializeHook(after),
    });
    return serializeHook(after);
  });
}

export async function deleteWebhook(actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    const before = await tx.webhook.findUnique({ where: { id }, select: hookSelect });
    if (!before) throw notFound("Webhook");
    await tx.webhook.delete({ where: { id } });
    await recordAudit(tx, actor, {
      action: "webhook.delete",
      entityType: "webhook",
      entityId: id,
      before: serializeHook(before),
    });
  });
}

export async function listDeliveries(webhookId: string, limit = 50) {
  if (!(await db.webhook.findUnique({ where: { id: webhookId }, select: { id: true } })))
    throw notFound("Webhook");
  const rows = await db.webhookDelivery.findMany({
    where: { webhookId },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return {
    items: rows.map((d) => ({
      id: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      responseStatus: d.responseStatus,
      error: d.error,
      nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
    })),
  };
}

/**
 * A `webhook.test` delivery for one webhook (the "send test" button): recorded like any
 * other, then sent at once rather than on the next job tick, so the person who pressed the
 * button sees the outcome (bounded by WEBHOOK_TIMEOUT_MS). A failure is retried by the job.
 */
export async function sendTest(actor: Actor, id: string) {
  const queued = await queueTestDelivery(actor, id);
  await deliverNow(queued.deliveryId);
  return queued;
}

/** Record a `webhook.test` delivery, due now, for the job (or `sendTest`) to send. */
export async function queueTestDelivery(actor: Actor, id: string) {
  const hook = await db.webhook.findUnique({ where: { id }, select: { id: true } });
  if (!hook) throw notFound("Webhook");
  const eventId = `test_${randomBytes(8).toString("hex")}`;
  const payload = {
    id: eventId,
    type: "webhook.test",
    createdAt: new Date().toISOString(),
    data: { message: "A test delivery from Modelgate.", by: actor.label },
  };
  const d = await db.webhookDelivery.create({
    data: { webhookId: id, eventId, eventType: "webhook.test", payload, nextAttemptAt: new Date() },
  });
  return { deliveryId: d.id, eventId };
}

/**
 * Fan undispatched outbox events out to the webhooks subscribed to them, in event order.
 * Rows are claimed with SKIP LOCKED, so concurrent dispatchers never double-queue; the
 * (webhook, event) unique key makes a retried dispatch harmless.
 */
export async function dispatchEvents(limit = 200): Promise<number> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const { rows: events } = await client.query<{
      seq: string;
      id: string;
      type: string;
      data: unknown;
      created_at: Date;
    }>(
      `SELECT seq, id, type, data, created_at FROM domain_events WHERE dispatched_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (events.length) {
      const { rows: hooks } = await client.query<{ id: string; events: string[] }>(
        `SELECT id, events FROM webhooks WHERE active`,
      );
      for (const e of events) {
        for (const h of hooks.filter((h) => h.events.includes(e.type) || h.events.includes("*"))) {
          const payload = {
            id: e.id,
            type: e.type,
            createdAt: e.created_at.toISOString(),
            data: e.data,
          };
          await client.query(
            `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', 0, now(), now(), now()) ON CONFLICT (webhook_id, event_id) DO NOTHING`,
            [`wd_${randomBytes(12).toString("hex")}`, h.id, e.id, e.type, JSON.stringify(payload)],
          );
        }
      }
      await client.query(
        `UPDATE domain_events SET dispatched_at = now() WHERE seq = ANY($1::bigint[])`,
        [events.map((e) => e.seq)],
      );
    }
    await client.query("COMMIT");
    return events.length;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

export interface DeliveryPolicy {
  /** Internal receivers the operator allowed (WEBHOOK_ALLOWED_HOSTS). */
  allow: AllowList;
  timeoutMs: number;
  /** The most of a reply that is read; the connection is closed after it. */
  maxResponseBytes: number;
}

export const MAX_RESPONSE_BYTES = 64 * 1024;
const PARALLEL_SENDS = 8;

function policyFromEnv(): DeliveryPolicy {
  return {
    allow: parseAllowList(env().WEBHOOK_ALLOWED_HOSTS),
    timeoutMs: env().WEBHOOK_TIMEOUT_MS,
    maxResponseBytes: MAX_RESPONSE_BYTES,
  };
}

type Claimed = {
  id: string;
  attempts: number;
  payload: unknown;
  event_type: string;
  url: string;
  secret: string;
};

/**
 * Send due deliveries; failures are retried with exponential backoff up to MAX_ATTEMPTS.
 *   1. claim: one statement moves each due row's next_attempt_at past the longest a send can
 *      take (a lease), so another worker skips it, and commits at once: no transaction or
 *      row lock is held while a receiver answers (or doesn't);
 *   2. send, a few at a time, each bounded by postJson (checked address, timeout, 64 KB);
 *   3. record each outcome with one statement. A worker that dies between 1 and 3 leaves
 *      the row pending: it is sent again when the lease runs out (at least once, as before).
 * A URL refused as internal fails at once: retrying would not change the answer, and the
 * log must not become a port scanner.
 */
export interface DeliverDueOptions extends Partial<DeliveryPolicy> {
  /** The most deliveries this run sends (default 50). */
  limit?: number;
  /** What "due" is measured against (default: now). */
  now?: Date;
  /** Only these webhooks' deliveries (default: every active webhook's). */
  webhookIds?: string[];
}

export async function deliverDue(
  options: DeliverDueOptions = {},
): Promise<{ delivered: number; failed: number }> {
  const { limit = 50, now = new Date(), webhookIds, ...overrides } = options;
  const policy = { ...policyFromEnv(), ...overrides };
  const leaseSeconds = Math.ceil(policy.timeoutMs / 1000) + 60;
  let delivered = 0;
  let failed = 0;
  // Claim a few at a time, not the whole batch up front: a delivery that becomes due while a
  // slow receiver holds this run waits for one round of sends, not for the whole run.
  for (let done = 0; done < limit;) {
    const { rows } = await pool().query<Claimed>(
      `UPDATE webhook_deliveries d SET next_attempt_at = $2::timestamptz + make_interval(secs => $3), updated_at = now()
       FROM webhooks w
       WHERE w.id = d.webhook_id AND d.id IN (
         SELECT d2.id FROM webhook_deliveries d2 JOIN webhooks w2 ON w2.id = d2.webhook_id
         WHERE d2.status = 'pending' AND d2.next_attempt_at <= $2 AND w2.active
           AND ($4::text[] IS NULL OR w2.id = ANY($4::text[]))
         ORDER BY d2.next_attempt_at LIMIT $1 FOR UPDATE OF d2 SKIP LOCKED)
       RETURNING d.id, d.attempts, d.payload, d.event_type, w.url, w.secret`,
      [
        Math.min(PARALLEL_SENDS, limit - done),
        (done === 0 ? now : new Date(Math.max(now.getTime(), Date.now()))).toISOString(),
        leaseSeconds,
        webhookIds ?? null,
      ],
    );
    if (rows.length === 0) break;
    done += rows.length;
    const outcomes = await Promise.all(rows.map((d) => deliverOne(d, policy)));
    for (const ok of outcomes) {
      if (ok) delivered++;
      else failed++;
    }
  }
  return { delivered, failed };
}

/** Claim one due delivery (unless a job run holds it) and send it now. */
async function deliverNow(deliveryId: string): Promise<void> {
  const policy = policyFromEnv();
  const leaseSeconds = Math.ceil(policy.timeoutMs / 1000) + 60;
  const { rows } = await pool().query<Claimed>(
    `UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => $2), updated_at = now()
     FROM webhooks w
     WHERE w.id = d.webhook_id AND d.id IN (
       SELECT d2.id FROM webhook_deliveries d2 WHERE d2.id = $1 AND d2.status = 'pending' AND d2.next_attempt_at <= now()
       FOR UPDATE SKIP LOCKED)
     RETURNING d.id, d.attempts, d.payload, d.event_type, w.url, w.secret`,
    [deliveryId, leaseSeconds],
  );
  if (rows[0]) await deliverOne(rows[0], policy);
}

async function deliverOne(d: Claimed, policy: DeliveryPolicy): Promise<boolean> {
  const body = JSON.stringify(d.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let status: number | null = null;
  let error: string | null = null;
  let responseBody: string | null = null;
  let refused = false;
  try {
    const res = await postJson(d.url, {
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Modelgate-Webhooks/1",
        "X-Modelgate-Event": d.event_type,
        "X-Modelgate-Timestamp": String(timestamp),
        "X-Modelgate-Signature": sign(d.secret, timestamp, body),
      },
      body,
      allow: policy.allow,
      timeoutMs: policy.timeoutMs,
      maxBytes: policy.maxResponseBytes,
    });
    status = res.status;
    responseBody = res.body.slice(0, 2000);
  } catch (e) {
    refused = e instanceof DeliveryRefused;
    error = e instanceof Error ? e.message : String(e);
  }
  const attempts = d.attempts + 1;
  const ok = status !== null && status >= 200 && status < 300;
  const giveUp = !ok && (refused || attempts >= MAX_ATTEMPTS);
  await pool().query(
    `UPDATE webhook_deliveries SET attempts = $2, response_status = $3, response_body = $4, error = $5,
       status = $6::"DeliveryStatus", delivered_at = $7, next_attempt_at = $8, updated_at = now() WHERE id = $1`,
    [
      d.id,
      attempts,
      status,
      responseBody,
      error ?? (ok ? null : `HTTP ${status}`),
      ok ? "succeeded" : giveUp ? "failed" : "pending",
      ok ? new Date().toISOString() : null,
      ok || giveUp ? null : new Date(Date.now() + backoffSeconds(attempts) * 1000).toISOString(),
    ],
  );
  return ok;
}
