import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { makeUser } from "@/lib/testing/fixtures";
import { TokenCache } from "./token-cache";
import { createToken, principalFromToken } from "./tokens";

// The cache may serve a token for a few seconds; these tests prove that a change made anywhere
// (another instance, a script, psql: here a separate connection that never touches this
// process's cache) stops the token here within 2 s through NOTIFY, not through expiry.

const other = new pg.Client({ connectionString: env().DATABASE_URL });
const otherReady = other.connect();
afterAll(() => other.end());

/** Milliseconds until `check` holds, polling every 20 ms, or Infinity after 5 s. */
async function within(check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 5_000) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Infinity;
}

describe("token cache invalidation (PostgreSQL, LISTEN/NOTIFY)", () => {
  it("serves a token from memory while nothing changes", async () => {
    const editor = await makeUser("editor");
    const t = await createToken(editor, { name: "cached", scopes: ["read", "ingest"] });
    expect(await principalFromToken(t.token)).not.toBeNull();
    // A change the trigger does not announce (its name) leaves the cache alone; deleting the
    // row behind the cache's back with the trigger disabled proves the next answer came from memory.
    await otherReady;
    await other.query(`BEGIN; ALTER TABLE api_tokens DISABLE TRIGGER api_tokens_changed;
      DELETE FROM api_tokens WHERE id = '${t.id}'; ALTER TABLE api_tokens ENABLE TRIGGER api_tokens_changed; COMMIT`);
    expect((await principalFromToken(t.token))?.token?.id).toBe(t.id);
  });

  it.each([
    ["revoked", (id: string) => `UPDATE api_tokens SET revoked_at = now() WHERE id = '${id}'`],
    ["expired", (id: string) => `UPDATE api_tokens SET expires_at = now() WHERE id = '${id}'`],
    ["deleted", (id: string) => `DELETE FROM api_tokens WHERE id = '${id}'`],
  ])("stops a token %s by another instance within 2 s", async (_what, sql) => {
    const editor = await makeUser("editor");
    const t = await createToken(editor, { name: "elsewhere", scopes: ["read", "ingest"] });
    expect(await principalFromToken(t.token)).not.toBeNull(); // now cached here
    await otherReady;
    await other.query(sql(t.id));
    expect(await within(async () => (await principalFromToken(t.token)) === null)).toBeLessThan(
      2_000,
    );
  });

  it("applies another instance's change of the owner's role or disabled flag within 2 s", async () => {
    const editor = await makeUser("editor");
    const t = await createToken(editor, { name: "role", scopes: ["read", "ingest"] });
    expect((await principalFromToken(t.token))?.user.role).toBe("editor");
    await otherReady;
    await other.query(`UPDATE users SET role = 'viewer' WHERE id = $1`, [editor.user.id]);
    expect(
      await within(async () => (await principalFromToken(t.token))?.user.role === "viewer"),
    ).toBeLessThan(2_000);
    await other.query(`UPDATE users SET disabled = true WHERE id = $1`, [editor.user.id]);
    expect(await within(async () => (await principalFromToken(t.token)) === null)).toBeLessThan(
      2_000,
    );
  });

  it("revocation through this instance holds for the very next request", async () => {
    const editor = await makeUser("editor");
    const t = await createToken(editor, { name: "here", scopes: ["read"] });
    expect(await principalFromToken(t.token)).not.toBeNull();
    const { revokeToken } = await import("./tokens");
    await revokeToken(editor, t.id);
    expect(await principalFromToken(t.token)).toBeNull();
    await db.apiToken.delete({ where: { id: t.id } });
  });
});

describe("TokenCache", () => {
  const principal = { user: { id: "u", email: "u@x", name: "U", role: "editor" as const } };
  it("serves only fresh entries filled under the current connection, never past the token's expiry", () => {
    const c = new TokenCache(5_000);
    c.set(
      "h",
      { principal, expiresAt: null, lastUsedAt: 0 },
      { epoch: 1, ticket: c.ticket(), now: 0 },
    );
    expect(c.get("h", 1, 4_999)?.principal).toBe(principal);
    expect(c.get("h", 1, 5_000)).toBeUndefined();
    c.set(
      "h",
      { principal, expiresAt: 1_000, lastUsedAt: 0 },
      { epoch: 1, ticket: c.ticket(), now: 0 },
    );
    expect(c.get("h", 1, 1_000)).toBeUndefined();
    c.set(
      "h",
      { principal, expiresAt: null, lastUsedAt: 0 },
      { epoch: 1, ticket: c.ticket(), now: 0 },
    );
    expect(c.get("h", 2, 10)).toBeUndefined(); // reconnected: may have missed a notification
    c.set(
      "h",
      { principal, expiresAt: null, lastUsedAt: 0 },
      { epoch: null, ticket: c.ticket(), now: 0 },
    );
    expect(c.get("h", null, 10)).toBeUndefined(); // no LISTEN connection: nothing is cached
  });

  it("drops a fill whose database read began before a clear", () => {
    const c = new TokenCache(5_000);
    const ticket = c.ticket();
    c.clear(); // a notification arrived while the row was being read
    c.set("h", { principal, expiresAt: null, lastUsedAt: 0 }, { epoch: 1, ticket, now: 0 });
    expect(c.get("h", 1, 1)).toBeUndefined();
  });
});
