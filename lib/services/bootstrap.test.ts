import { afterEach, describe, expect, it } from "vitest";
import { createClient, type Db } from "@/lib/db";
import { DEMO_PASSWORD } from "@/lib/demo";
import { hashPassword, verifyPassword } from "@/lib/passwords";
import { provisionTestDb, type TestDb } from "../../scripts/lib/test-db";
import { demoAccountsWithPublishedPassword, ensureFirstAdmin } from "./bootstrap";

// Each test gets a fresh, migrated database of its own, so "no admin exists" is real and
// nothing here depends on what other test files put in the shared one.

const opened: { testDb: TestDb; clients: Db[] }[] = [];

async function freshDb(clients = 1) {
  const testDb = await provisionTestDb();
  const entry = {
    testDb,
    clients: Array.from({ length: clients }, () => createClient(testDb.url)),
  };
  opened.push(entry);
  return entry.clients;
}

afterEach(async () => {
  for (const { testDb, clients } of opened.splice(0)) {
    await Promise.all(clients.map((c) => c.$disconnect()));
    await testDb.drop();
  }
});

const config = {
  MODELGATE_ADMIN_EMAIL: "ops@example.com",
  MODELGATE_ADMIN_PASSWORD: "first admin password",
};

describe("ensureFirstAdmin (fresh PostgreSQL database)", () => {
  it("creates the configured admin when no enabled admin exists, audited as the system", async () => {
    const [client] = await freshDb();
    const result = await ensureFirstAdmin(config, client);
    expect(result).toEqual({ status: "created", email: "ops@example.com" });

    const user = await client.user.findUniqueOrThrow({
      where: { email: "ops@example.com" },
      omit: { passwordHash: false },
    });
    expect(user).toMatchObject({ role: "admin", disabled: false });
    expect(await verifyPassword("first admin password", user.passwordHash!)).toBe(true);

    const events = await client.auditEvent.findMany({
      where: { entityType: "user", entityId: user.id },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.create",
      actorId: null,
      tokenId: null,
      actorLabel: "system",
    });
    expect(JSON.stringify(events[0].after)).not.toMatch(/first admin password|passwordHash/);
  });

  it("is idempotent: a second start changes nothing", async () => {
    const [client] = await freshDb();
    await ensureFirstAdmin(config, client);
    expect(await ensureFirstAdmin(config, client)).toEqual({ status: "present" });
    expect(
      await ensureFirstAdmin({ ...config, MODELGATE_ADMIN_EMAIL: "other@example.com" }, client),
    ).toEqual({ status: "present" });
    expect(await client.user.count()).toBe(1);
    expect(await client.auditEvent.count({ where: { action: "user.create" } })).toBe(1);
  });

  it("creates exactly one admin when two instances start at the same moment", async () => {
    const [a, b] = await freshDb(2);
    const results = await Promise.all([
      ensureFirstAdmin(config, a),
      ensureFirstAdmin({ ...config, MODELGATE_ADMIN_EMAIL: "someone-else@example.com" }, b),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["created", "present"]);
    expect(await a.user.count({ where: { role: "admin" } })).toBe(1);
    expect(await a.auditEvent.count({ where: { action: "user.create" } })).toBe(1);
  });

  it("does nothing while an enabled admin exists, whoever it is", async () => {
    const [client] = await freshDb();
    await client.user.create({
      data: { email: "existing@example.com", name: "Existing", role: "admin" },
    });
    expect(await ensureFirstAdmin(config, client)).toEqual({ status: "present" });
    expect(await client.user.count()).toBe(1);
  });

  it("counts only enabled admins: with every admin disabled it creates the configured one", async () => {
    const [client] = await freshDb();
    await client.user.create({
      data: { email: "gone@example.com", name: "Gone", role: "admin", disabled: true },
    });
    await client.user.create({
      data: { email: "viewer@example.com", name: "Viewer", role: "viewer" },
    });
    expect(await ensureFirstAdmin(config, client)).toEqual({
      status: "created",
      email: "ops@example.com",
    });
  });

  it("never takes over an existing account: an email that belongs to a non-admin is reported, not promoted", async () => {
    const [client] = await freshDb();
    await client.user.create({ data: { email: "ops@example.com", name: "Ops", role: "viewer" } });
    expect(await ensureFirstAdmin(config, client)).toEqual({
      status: "email-taken",
      email: "ops@example.com",
    });
    expect(
      await client.user.findUniqueOrThrow({ where: { email: "ops@example.com" } }),
    ).toMatchObject({ role: "viewer" });
    expect(await client.auditEvent.count()).toBe(0);
  });

  it("reports a missing admin when none is configured, and creates nothing", async () => {
    const [client] = await freshDb();
    expect(await ensureFirstAdmin({}, client)).toEqual({ status: "missing" });
    expect(await client.user.count()).toBe(0);
  });
});

describe("demoAccountsWithPublishedPassword (fresh PostgreSQL database)", () => {
  it("names the enabled demo accounts that still have the published password, and only those", async () => {
    const [client] = await freshDb();
    const published = await hashPassword(DEMO_PASSWORD);
    await client.user.createMany({
      data: [
        { email: "admin@modelgate.dev", name: "A", role: "admin", passwordHash: published },
        {
          email: "editor@modelgate.dev",
          name: "E",
          role: "editor",
          passwordHash: await hashPassword("changed since"),
        },
        {
          email: "viewer@modelgate.dev",
          name: "V",
          role: "viewer",
          passwordHash: published,
          disabled: true,
        },
        { email: "approver@modelgate.dev", name: "P", role: "approver" },
        { email: "someone@example.com", name: "S", role: "admin", passwordHash: published },
      ],
    });
    expect(await demoAccountsWithPublishedPassword(client)).toEqual(["admin@modelgate.dev"]);
  });

  it("finds none on a database without the demo", async () => {
    const [client] = await freshDb();
    expect(await demoAccountsWithPublishedPassword(client)).toEqual([]);
  });
});
