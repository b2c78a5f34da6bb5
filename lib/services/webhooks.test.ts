import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { parseAllowList } from "@/lib/net/address";
import { postJson } from "@/lib/net/post";
import { pool } from "@/lib/pg";
import { makeUser } from "@/lib/testing/fixtures";
import { actorOf } from "./audit";
import { createWebhook, deliverDue, queueTestDelivery, sendTest } from "./webhooks";

// Delivery as an attacker would try it: webhook URLs that lead inside the network, receivers
// that answer forever or never. Real HTTP servers on this machine; the operator's allow list
// (WEBHOOK_ALLOWED_HOSTS) is passed in, as the job passes it from the environment.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A receiver that counts every TCP connection it is offered, then answers with `handler`. */
async function receiver(handler: Parameters<typeof createServer>[1], host = "127.0.0.1") {
  const server = createServer(handler);
  const seen = { connections: 0 };
  server.on("connection", () => seen.connections++);
  await new Promise<void>((r) => server.listen(0, host, r));
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, seen };
}

async function hookWithTest(url: string) {
  const admin = await makeUser("admin");
  // The service stores what it is given: the URL check lives in the request schema, and a
  // name may resolve elsewhere later anyway. Delivery must check again.
  // Subscribed to nothing: other test files emit every event type and dispatch them to every
  // subscribed hook, which would add deliveries here; the test delivery is queued directly.
  const hook = await createWebhook(actorOf(admin), { url, events: [] });
  const { deliveryId } = await queueTestDelivery(actorOf(admin), hook.id);
  // Other test files deliver at the same time on the same database: each run here sends only
  // its own webhook's deliveries, so none is claimed (and refused) by another file's run.
  return { id: deliveryId, webhookIds: [hook.id] };
}

const loopbackAllowed = parseAllowList("127.0.0.1");
const nothingAllowed = parseAllowList("");

describe("deliverDue – no server-side request forgery", () => {
  it.each(["localhost", "0x7f000001", "2130706433", "127.1", "[::ffff:127.0.0.1]"])(
    "refuses %s after resolution, without connecting",
    async (host) => {
      const r = await receiver((_req, res) => res.writeHead(204).end());
      const { id, webhookIds } = await hookWithTest(`http://${host}:${r.port}/hook`);
      await deliverDue({ webhookIds, allow: nothingAllowed });
      const d = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
      expect(d).toMatchObject({
        status: "failed",
        attempts: 1,
        responseStatus: null,
        nextAttemptAt: null,
      });
      expect(d.error).toMatch(
        /127\.0\.0\.1 is a loopback address.*WEBHOOK_ALLOWED_HOSTS|::ffff:.* is an IPv4-mapped IPv6 address/,
      );
      expect(r.seen.connections).toBe(0);
    },
  );

  it("delivers to an internal receiver the operator allowed", async () => {
    const r = await receiver((_req, res) => res.writeHead(204).end());
    const { id, webhookIds } = await hookWithTest(`http://localhost:${r.port}/hook`);
    await deliverDue({ webhookIds, allow: parseAllowList("localhost") });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "succeeded",
      responseStatus: 204,
    });
    expect(r.seen.connections).toBe(1);
  });
});

describe("sendTest – the button's delivery goes out at once", () => {
  it("is attempted in the request itself, not on the next job tick (and still checked like any other)", async () => {
    const r = await receiver((_req, res) => res.writeHead(204).end());
    const admin = await makeUser("admin");
    const hook = await createWebhook(actorOf(admin), {
      url: `http://127.0.0.1:${r.port}/hook`,
      events: ["deployment.activated"],
    });
    const { deliveryId } = await sendTest(actorOf(admin), hook.id);
    // No WEBHOOK_ALLOWED_HOSTS in this run: refused after resolution, already recorded.
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject(
      { status: "failed", attempts: 1 },
    );
    expect(r.seen.connections).toBe(0);
  });
});

describe("deliverDue – bounded work per delivery", () => {
  it("reads at most 64 KB of an endless reply and records the delivery", async () => {
    let written = 0;
    const r = await receiver((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      const chunk = Buffer.alloc(16_384, "x");
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once("drain", pump);
      };
      res.on("close", () => res.removeAllListeners("drain"));
      pump();
    });
    const { id, webhookIds } = await hookWithTest(`http://127.0.0.1:${r.port}/endless`);
    // Were the reply read to its end, this would never return (or end in a timeout error).
    await deliverDue({ webhookIds, allow: loopbackAllowed, timeoutMs: 20_000 });
    const d = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(d).toMatchObject({ status: "succeeded", responseStatus: 200, error: null });
    expect(d.responseBody?.length).toBeLessThanOrEqual(2000);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it("postJson stops reading at the byte cap and closes the connection", async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(10_000, "y");
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const res = await postJson(`http://127.0.0.1:${r.port}/`, {
      headers: {},
      body: "{}",
      allow: loopbackAllowed,
      timeoutMs: 20_000,
      maxBytes: 64 * 1024,
    });
    expect(res).toMatchObject({ status: 200, bytesRead: 64 * 1024, truncated: true });
    expect(res.body).toHaveLength(64 * 1024);
  });

  it("gives up on a receiver that never answers after the timeout, and retries later", async () => {
    const r = await receiver(() => undefined);
    const { id, webhookIds } = await hookWithTest(`http://127.0.0.1:${r.port}/silent`);
    await deliverDue({ webhookIds, allow: loopbackAllowed, timeoutMs: 300 });
    const d = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(d).toMatchObject({
      status: "pending",
      attempts: 1,
      responseStatus: null,
      error: "timed out after 300 ms",
    });
    expect(d.nextAttemptAt).not.toBeNull();
  });

  it("holds no transaction or row lock while the receiver is answering", async () => {
    let lockFree: boolean | undefined;
    let id = "";
    const r = await receiver(async (_req, res) => {
      // The delivery row must be lockable by anyone while its request is in flight.
      lockFree = await pool()
        .query(`SELECT id FROM webhook_deliveries WHERE id = $1 FOR UPDATE NOWAIT`, [id])
        .then(
          () => true,
          () => false,
        );
      res.writeHead(204).end();
    });
    const hook = await hookWithTest(`http://127.0.0.1:${r.port}/lock`);
    id = hook.id;
    await deliverDue({ webhookIds: hook.webhookIds, allow: loopbackAllowed });
    expect(lockFree).toBe(true);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "succeeded",
    });
  });

  it("a claimed delivery is not sent twice by a concurrent worker", async () => {
    let hits = 0;
    const r = await receiver((_req, res) => {
      hits++;
      setTimeout(() => res.writeHead(204).end(), 200);
    });
    const { id, webhookIds } = await hookWithTest(`http://127.0.0.1:${r.port}/once`);
    await Promise.all([
      deliverDue({ webhookIds, allow: loopbackAllowed }),
      deliverDue({ webhookIds, allow: loopbackAllowed }),
    ]);
    expect(hits).toBe(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "succeeded",
      attempts: 1,
    });
  });
});
