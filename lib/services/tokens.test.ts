import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeUser } from "@/lib/testing/fixtures";
import { createToken, hashToken, principalFromToken, revokeToken } from "./tokens";

describe("API tokens (PostgreSQL)", () => {
  it("stores only a hash, resolves to its user narrowed to its scopes, and records use", async () => {
    const editor = await makeUser("editor");
    const t = await createToken(editor, { name: "ci", scopes: ["read", "ingest"] });
    const row = await db.apiToken.findUniqueOrThrow({
      where: { id: t.id },
      omit: { tokenHash: false },
    });
    expect(row.tokenHash).toBe(hashToken(t.token));
    expect(row.tokenHash).not.toContain(t.token);
    const p = await principalFromToken(t.token);
    expect(p?.user.id).toBe(editor.user.id);
    expect(p?.token?.scopes).toEqual(["read", "ingest"]);
    expect(
      (await db.apiToken.findUniqueOrThrow({ where: { id: t.id } })).lastUsedAt,
    ).not.toBeNull();
  });

  it("stops working when revoked, expired or its user is disabled", async () => {
    const editor = await makeUser("editor");
    const a = await createToken(editor, { name: "a", scopes: ["read"] });
    await revokeToken(editor, a.id);
    expect(await principalFromToken(a.token)).toBeNull();

    const b = await createToken(editor, { name: "b", scopes: ["read"] });
    await db.apiToken.update({
      where: { id: b.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await principalFromToken(b.token)).toBeNull();

    const c = await createToken(editor, { name: "c", scopes: ["read"] });
    await db.user.update({ where: { id: editor.user.id }, data: { disabled: true } });
    expect(await principalFromToken(c.token)).toBeNull();
  });

  it("refuses scopes beyond the role, and tokens for others unless admin", async () => {
    const viewer = await makeUser("viewer");
    await expect(createToken(viewer, { name: "x", scopes: ["write"] })).rejects.toMatchObject({
      code: "validation_failed",
    });
    const editor = await makeUser("editor");
    await expect(
      createToken(editor, { name: "x", scopes: ["read"], userId: viewer.user.id }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const admin = await makeUser("admin");
    const forViewer = await createToken(admin, {
      name: "x",
      scopes: ["read"],
      userId: viewer.user.id,
    });
    expect(forViewer.user.id).toBe(viewer.user.id);
  });

  it("hides another user's token from a non-admin as not found", async () => {
    const a = await makeUser("editor");
    const b = await makeUser("editor");
    const t = await createToken(a, { name: "mine", scopes: ["read"] });
    await expect(revokeToken(b, t.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
