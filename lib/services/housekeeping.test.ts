import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pool } from "@/lib/pg";
import { makeUser, promotableVersion, uid } from "@/lib/testing/fixtures";
import { actorOf } from "./audit";
import {
  pruneIdempotencyKeys,
  pruneLoginAttempts,
  prunePresence,
  pruneWebhookDeliveries,
} from "./housekeeping";
import { createWebhook } from "./webhooks";

// Tables that grow with traffic lose their old rows, and only those. Each test writes its
// own old and new rows and checks them alone (other tests share the database).

const now = new Date();
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("housekeeping", () => {
  it("pruneLoginAttempts drops attempts older than twice the sign-in window", async () => {
    const key = uid("prune@login");
    await db.loginAttempt.createMany({
      data: [
        { key, succeeded: false, createdAt: ago(2 * 900 + 60) },
        { key, succeeded: true, createdAt: ago(3 * 86_400) },
        { key, succeeded: false, createdAt: ago(2 * 900 - 60) },
        { key, succeeded: false, createdAt: ago(5) },
      ],
    });
    expect(await pruneLoginAttempts(now, 900)).toBeGreaterThanOrEqual(2);
    const left = await db.loginAttempt.findMany({ where: { key }, orderBy: { createdAt: "asc" } });
    expect(left.map((a) => a.createdAt)).toEqual([ago(2 * 900 - 60), ago(5)]);
  });

  it("pruneIdempotencyKeys drops keys older than a day", async () => {
    const scope = uid("scope");
    await db.idempotencyKey.createMany({
      data: [
        {
          scope,
          key: "old",
          requestHash: "h",
          status: 201,
          response: {},
          createdAt: ago(86_400 + 60),
        },
        {
          scope,
          key: "new",
          requestHash: "h",
          status: 201,
          response: {},
          createdAt: ago(86_400 - 60),
        },
      ],
    });
    expect(await pruneIdempotencyKeys(now)).toBeGreaterThanOrEqual(1);
    expect((await db.idempotencyKey.findMany({ where: { scope } })).map((k) => k.key)).toEqual([
      "new",
    ]);
  });

  it("prunePresence drops presence rows no stream has refreshed for an hour", async () => {
    const { versionId } = await promotableVersion();
    const [a, b] = [await makeUser("viewer"), await makeUser("viewer")];
    await db.checklistPresence.createMany({
      data: [
        { versionId, userId: a.user.id, seenAt: ago(3600 + 60) },
        { versionId, userId: b.user.id, seenAt: ago(20) },
      ],
    });
    expect(await prunePresence(now)).toBeGreaterThanOrEqual(1);
    expect(
      (await db.checklistPresence.findMany({ where: { versionId } })).map((p) => p.userId),
    ).toEqual([b.user.id]);
  });

  it("pruneWebhookDeliveries keeps the last N days and anything still pending", async () => {
    const admin = await makeUser("admin");
    const hook = await createWebhook(actorOf(admin), {
      url: "https://hooks.example.com/prune",
      events: ["*"],
    });
    const row = (eventId: string, status: "pending" | "succeeded" | "failed", createdAt: Date) => ({
      webhookId: hook.id,
      eventId,
      eventType: "webhook.test",
      payload: {},
      status,
      createdAt,
    });
    await db.webhookDelivery.createMany({
      data: [
        row("old-ok", "succeeded", ago(31 * 86_400)),
        row("old-failed", "failed", ago(40 * 86_400)),
        row("old-pending", "pending", ago(31 * 86_400)),
        row("recent", "succeeded", ago(29 * 86_400)),
      ],
    });
    expect(await pruneWebhookDeliveries(now, 30)).toBeGreaterThanOrEqual(2);
    const left = await db.webhookDelivery.findMany({
      where: { webhookId: hook.id },
      orderBy: { eventId: "asc" },
    });
    expect(left.map((d) => d.eventId)).toEqual(["old-pending", "recent"]);
  });

  it("each delete predicate is served by an index", async () => {
    const indexed = async (table: string, column: string) => {
      const { rows } = await pool().query<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`,
        [table],
      );
      // The column must lead an index for a range scan on it alone.
      return rows.some((r) => new RegExp(`\\(${column}[,)\\s]`).test(r.indexdef));
    };
    expect(await indexed("login_attempts", "created_at")).toBe(true);
    expect(await indexed("idempotency_keys", "created_at")).toBe(true);
    expect(await indexed("checklist_presence", "seen_at")).toBe(true);
    expect(await indexed("webhook_deliveries", "created_at")).toBe(true);
  });
});
