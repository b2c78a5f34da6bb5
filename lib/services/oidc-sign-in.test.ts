import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeUser, uid } from "@/lib/testing/fixtures";
import { type OidcIdentity, signInWithOidc } from "./sign-in";

// OpenID Connect must never hand an attacker someone else's account: an identity provider
// that lets anyone claim any email (unverified) is the attack.

const policy = { linkAdmins: false, defaultRole: "viewer" as const };
const identity = (over: Partial<OidcIdentity> = {}): OidcIdentity => ({
  subject: uid("sub"),
  email: `${uid("sso")}@example.com`,
  emailVerified: true,
  name: "SSO Person",
  ...over,
});

describe("signInWithOidc (PostgreSQL)", () => {
  it("creates a new user with the default role, linked to the subject; the next sign-in finds it by subject", async () => {
    const id = identity();
    const first = await signInWithOidc(id, { ...policy, defaultRole: "editor" });
    expect(first).toMatchObject({
      ok: true,
      created: true,
      user: { email: id.email, role: "editor" },
    });
    // Later the provider reports another email for the same subject: still the same account.
    const again = await signInWithOidc({ ...id, email: `${uid("renamed")}@example.com` }, policy);
    expect(again).toMatchObject({ ok: true, created: false, linked: false });
    expect(again.ok && first.ok && again.user.id === first.user.id).toBe(true);
  });

  it("refuses to link to an existing account when the email is not verified", async () => {
    const victim = await makeUser("editor");
    const result = await signInWithOidc(
      identity({ email: victim.user.email, emailVerified: false }),
      policy,
    );
    expect(result).toEqual({ ok: false, reason: "email_unverified" });
    expect(
      (await db.user.findUniqueOrThrow({ where: { id: victim.user.id } })).oidcSubject,
    ).toBeNull();
  });

  it("links a verified email to an existing non-admin account once, and audits the link", async () => {
    const person = await makeUser("approver");
    const id = identity({ email: person.user.email.toUpperCase() });
    const result = await signInWithOidc(id, policy);
    expect(result).toMatchObject({
      ok: true,
      linked: true,
      created: false,
      user: { id: person.user.id, role: "approver" },
    });
    expect(
      await db.auditEvent.count({ where: { entityId: person.user.id, action: "user.oidc_link" } }),
    ).toBe(1);
    // Another subject claiming the same verified email cannot take the account over.
    expect(await signInWithOidc(identity({ email: person.user.email }), policy)).toEqual({
      ok: false,
      reason: "linked_elsewhere",
    });
  });

  it("never silently links to an admin, unless the operator turns it on", async () => {
    const admin = await makeUser("admin");
    const id = identity({ email: admin.user.email });
    expect(await signInWithOidc(id, policy)).toEqual({ ok: false, reason: "admin_link_refused" });
    expect(await signInWithOidc(id, { ...policy, linkAdmins: true })).toMatchObject({
      ok: true,
      user: { id: admin.user.id, role: "admin" },
    });
  });

  it("refuses disabled accounts, a missing email and a missing subject", async () => {
    const off = await makeUser("viewer");
    await db.user.update({ where: { id: off.user.id }, data: { disabled: true } });
    expect(await signInWithOidc(identity({ email: off.user.email }), policy)).toEqual({
      ok: false,
      reason: "disabled",
    });
    expect(await signInWithOidc(identity({ email: null }), policy)).toEqual({
      ok: false,
      reason: "no_email",
    });
    expect(await signInWithOidc(identity({ subject: "  " }), policy)).toEqual({
      ok: false,
      reason: "no_subject",
    });
  });

  it("a new account needs a verified email too (nobody reserves someone else's address)", async () => {
    const id = identity({ emailVerified: false });
    expect(await signInWithOidc(id, policy)).toEqual({ ok: false, reason: "email_unverified" });
    expect(await db.user.findUnique({ where: { email: id.email! } })).toBeNull();
  });
});
