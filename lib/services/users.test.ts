import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { principalFromSession } from "@/lib/auth";
import { db } from "@/lib/db";
import { makeUser, uid } from "@/lib/testing/fixtures";
import { provisionTestDb } from "../../scripts/lib/test-db";
import { actorOf } from "./audit";
import { signInWithPassword } from "./sign-in";
import { changeOwnPassword, createUser, getAccount, updateUser } from "./users";

const run = promisify(execFile);

describe("users and sign-in (PostgreSQL)", () => {
  it("hashes the password with bcrypt and signs in with it", async () => {
    const admin = await makeUser("admin");
    const email = `${uid("u")}@example.com`;
    const user = await createUser(actorOf(admin), {
      email,
      name: "U",
      role: "editor",
      password: "correct horse battery",
    });
    const row = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      omit: { passwordHash: false },
    });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(await signInWithPassword(email.toUpperCase(), "correct horse battery")).toMatchObject({
      ok: true,
      user: { role: "editor" },
    });
    expect(await signInWithPassword(email, "wrong")).toEqual({ ok: false, reason: "invalid" });
  });

  it("tells the account page how a user signs in, without handing out the hash", async () => {
    const sso = await makeUser("viewer");
    await db.user.update({ where: { id: sso.user.id }, data: { oidcSubject: uid("sub") } });
    expect(await getAccount(sso.user.id)).toEqual({ hasPassword: false, sso: true });
    const local = await makeUser("viewer", {
      passwordHash: "$2b$04$notarealhashnotarealhashnotarealhashnotarealhas",
    });
    expect(await getAccount(local.user.id)).toEqual({ hasPassword: true, sso: false });
  });

  it("slows down repeated failures, whatever the password", async () => {
    const admin = await makeUser("admin");
    const email = `${uid("slow")}@example.com`;
    await createUser(actorOf(admin), {
      email,
      name: "S",
      role: "viewer",
      password: "the right password",
    });
    for (let i = 0; i < 5; i++)
      expect((await signInWithPassword(email, `nope-${i}`)).ok).toBe(false);
    const blocked = await signInWithPassword(email, "the right password");
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it("does not let an admin disable their own account", async () => {
    const admin = await makeUser("admin");
    await expect(
      updateUser(actorOf(admin), admin.user.id, { disabled: true }),
    ).rejects.toMatchObject({ code: "unprocessable" });
  });

  it("refuses a disabled user's sign-in", async () => {
    const admin = await makeUser("admin");
    const email = `${uid("off")}@example.com`;
    const u = await createUser(actorOf(admin), {
      email,
      name: "Off",
      role: "viewer",
      password: "the right password",
    });
    await updateUser(actorOf(admin), u.id, { disabled: true });
    expect((await signInWithPassword(email, "the right password")).ok).toBe(false);
  });

  describe("sessions end when they should", () => {
    async function signedIn() {
      const admin = await makeUser("admin");
      const email = `${uid("sess")}@example.com`;
      const u = await createUser(actorOf(admin), {
        email,
        name: "S",
        role: "editor",
        password: "first password",
      });
      const result = await signInWithPassword(email, "first password");
      if (!result.ok) throw new Error("sign-in failed");
      const claims = { sub: result.user.id, sv: result.user.sessionVersion };
      expect(await principalFromSession(claims)).toMatchObject({ user: { id: u.id } });
      return { admin, id: u.id, email, claims };
    }

    it.each([
      ["an admin resets the password", { password: "second password" }],
      ["the role changes", { role: "viewer" as const }],
      ["the account is disabled", { disabled: true }],
    ])("ends every earlier session when %s", async (_what, change) => {
      const s = await signedIn();
      await updateUser(actorOf(s.admin), s.id, change);
      expect(await principalFromSession(s.claims)).toBeNull();
    });

    it("keeps sessions when only the name changes, and refuses claims without a session version", async () => {
      const s = await signedIn();
      await updateUser(actorOf(s.admin), s.id, { name: "Renamed" });
      expect(await principalFromSession(s.claims)).not.toBeNull();
      expect(await principalFromSession({ sub: s.id })).toBeNull();
      expect(await principalFromSession({ sub: s.id, sv: "0" })).toBeNull();
    });

    it("a user's own password change needs the current password and ends their sessions", async () => {
      const s = await signedIn();
      const me = (await principalFromSession(s.claims))!;
      await expect(
        changeOwnPassword(me, { currentPassword: "wrong one", newPassword: "second password" }),
      ).rejects.toMatchObject({
        code: "validation_failed",
      });
      expect(await principalFromSession(s.claims)).not.toBeNull();
      await expect(
        changeOwnPassword(
          { ...me, token: { id: "t", scopes: ["read", "write"] } },
          { currentPassword: "first password", newPassword: "second password" },
        ),
      ).rejects.toMatchObject({ code: "forbidden" });
      await changeOwnPassword(me, {
        currentPassword: "first password",
        newPassword: "second password",
      });
      expect(await principalFromSession(s.claims)).toBeNull();
      expect((await signInWithPassword(s.email, "first password")).ok).toBe(false);
      expect((await signInWithPassword(s.email, "second password")).ok).toBe(true);
      const audit = await db.auditEvent.findFirst({
        where: { entityId: s.id, action: "user.password_change" },
      });
      expect(audit?.after).toEqual({ passwordChanged: true, sessionsEnded: true });
    });

    it("guessing the current password from a session is throttled like sign-in", async () => {
      const s = await signedIn();
      const me = (await principalFromSession(s.claims))!;
      for (let i = 0; i < 5; i++) {
        await expect(
          changeOwnPassword(me, {
            currentPassword: `guess number ${i}`,
            newPassword: "second password",
          }),
        ).rejects.toMatchObject({
          code: "validation_failed",
        });
      }
      await expect(
        changeOwnPassword(me, {
          currentPassword: "first password",
          newPassword: "second password",
        }),
      ).rejects.toMatchObject({
        code: "rate_limited",
      });
    });
  });

  describe("the last admin stays, even when two admins act at the same instant", () => {
    // A database of its own, where the two admins of the race are the only ones.
    it.each(["demote", "disable"])(
      "two admins %s each other at once: one succeeds, one is refused",
      async (how) => {
        const fresh = await provisionTestDb();
        try {
          const { stdout } = await run(
            process.execPath,
            ["node_modules/tsx/dist/cli.mjs", "lib/testing/scripts/last-admin-race.ts", how],
            {
              env: { ...process.env, DATABASE_URL: fresh.url, LOG_LEVEL: "silent" },
            },
          );
          const result = JSON.parse(stdout.trim().split("\n").pop()!) as {
            outcomes: string[];
            activeAdmins: number;
          };
          expect(result.outcomes.sort()).toEqual(["ok", "unprocessable"]);
          expect(result.activeAdmins).toBe(1);
        } finally {
          await fresh.drop();
        }
      },
    );
  });
});
