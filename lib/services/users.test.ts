import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeUser, uid } from "@/lib/testing/fixtures";
import { actorOf } from "./audit";
import { signInWithPassword } from "./sign-in";
import { createUser, updateUser } from "./users";

describe("users and sign-in (PostgreSQL)", () => {
  it("hashes the password with bcrypt and signs in with it", async () => {
    const admin = await makeUser("admin");
    const email = `${uid("u")}@example.com`;
    const user = await createUser(actorOf(admin), { email, name: "U", role: "editor", password: "correct horse battery" });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(await signInWithPassword(email.toUpperCase(), "correct horse battery")).toMatchObject({ ok: true, user: { role: "editor" } });
    expect(await signInWithPassword(email, "wrong")).toEqual({ ok: false, reason: "invalid" });
  });

  it("slows down repeated failures, whatever the password", async () => {
    const admin = await makeUser("admin");
    const email = `${uid("slow")}@example.com`;
    await createUser(actorOf(admin), { email, name: "S", role: "viewer", password: "the right password" });
    for (let i = 0; i < 5; i++) expect((await signInWithPassword(email, `nope-${i}`)).ok).toBe(false);
    const blocked = await signInWithPassword(email, "the right password");
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it("does not let an admin disable their own account", async () => {
    const admin = await makeUser("admin");
    await expect(updateUser(actorOf(admin), admin.user.id, { disabled: true })).rejects.toMatchObject({ code: "unprocessable" });
  });

  it("refuses a disabled user's sign-in", async () => {
    const admin = await makeUser("admin");
    const email = `${uid("off")}@example.com`;
    const u = await createUser(actorOf(admin), { email, name: "Off", role: "viewer", password: "the right password" });
    await updateUser(actorOf(admin), u.id, { disabled: true });
    expect((await signInWithPassword(email, "the right password")).ok).toBe(false);
  });
});
