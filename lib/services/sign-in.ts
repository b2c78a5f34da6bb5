import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { DUMMY_HASH, verifyPassword } from "@/lib/passwords";
import type { Role } from "@/lib/permissions";
import { recordAudit } from "./audit";

// Email + password sign-in with a brake on guessing. Failures are counted per email in the
// database (so every app instance sees them); past LOGIN_MAX_FAILURES within the window,
// each further attempt must wait twice as long as the last (1 s, 2 s, 4 s … up to the
// window), whatever the password. A success clears nothing: the count simply ages out.

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionVersion: number;
}

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid" | "throttled"; retryAfterSeconds?: number };

/** Seconds the next attempt on this key must wait, given its recent failures; 0 = go ahead. */
export function throttleDelay(failures: Date[], now: Date, maxFailures: number, windowSeconds: number): number {
  if (failures.length < maxFailures) return 0;
  const latest = Math.max(...failures.map((d) => d.getTime()));
  const wait = Math.min(2 ** (failures.length - maxFailures), windowSeconds);
  const remaining = Math.ceil((latest + wait * 1000 - now.getTime()) / 1000);
  return Math.max(0, remaining);
}

export async function signInWithPassword(emailRaw: string, password: string): Promise<SignInResult> {
  const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_SECONDS } = env();
  const key = emailRaw.trim().toLowerCase();
  const now = new Date();
  const since = new Date(now.getTime() - LOGIN_WINDOW_SECONDS * 1000);

  const failures = await db.loginAttempt.findMany({
    where: { key, succeeded: false, createdAt: { gte: since } },
    select: { createdAt: true },
    orderBy: { createdAt: "desc" },
    take: 64,
  });
  const wait = throttleDelay(
    failures.map((f) => f.createdAt),
    now,
    LOGIN_MAX_FAILURES,
    LOGIN_WINDOW_SECONDS,
  );
  if (wait > 0) return { ok: false, reason: "throttled", retryAfterSeconds: wait };

  const user = await db.user.findUnique({
    where: { email: key },
    select: { id: true, email: true, name: true, role: true, disabled: true, passwordHash: true, sessionVersion: true },
  });
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  const ok = Boolean(user && valid && !user.disabled && user.passwordHash);

  await db.loginAttempt.create({ data: { key, succeeded: ok } });
  if (!ok || !user) return { ok: false, reason: "invalid" };

  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion },
  };
}

export interface OidcIdentity {
  subject: string;
  email: string | null;
  /** The identity provider's `email_verified` claim, true only when it says exactly that. */
  emailVerified: boolean;
  name: string | null;
}

export type OidcSignInResult =
  | { ok: true; user: SignedInUser; created: boolean; linked: boolean }
  | { ok: false; reason: "no_subject" | "no_email" | "email_unverified" | "disabled" | "admin_link_refused" | "linked_elsewhere" };

/**
 * OpenID Connect sign-in without account takeover:
 *   1. an account already linked to this subject signs in (unless disabled);
 *   2. otherwise the email must be verified by the provider (`email_verified: true`);
 *   3. an existing account with that email is linked to the subject, except an admin's
 *      (unless OIDC_LINK_ADMINS) or one already linked to another subject;
 *   4. no account: a new one with OIDC_DEFAULT_ROLE, linked to the subject.
 * Each link and creation is audited.
 */
export async function signInWithOidc(
  identity: OidcIdentity,
  policy: { linkAdmins: boolean; defaultRole: Role } = { linkAdmins: env().OIDC_LINK_ADMINS, defaultRole: env().OIDC_DEFAULT_ROLE },
): Promise<OidcSignInResult> {
  const subject = identity.subject.trim();
  if (!subject || subject.length > 255) return { ok: false, reason: "no_subject" };
  const select = { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true, oidcSubject: true } as const;
  const signedIn = async (u: { id: string; email: string; name: string; role: Role; sessionVersion: number }, created: boolean, linked: boolean) => {
    await db.user.update({ where: { id: u.id }, data: { lastLoginAt: new Date() } });
    return { ok: true as const, created, linked, user: { id: u.id, email: u.email, name: u.name, role: u.role, sessionVersion: u.sessionVersion } };
  };

  const bySubject = await db.user.findUnique({ where: { oidcSubject: subject }, select });
  if (bySubject) return bySubject.disabled ? { ok: false, reason: "disabled" } : signedIn(bySubject, false, false);

  const email = identity.email?.trim().toLowerCase();
  if (!email) return { ok: false, reason: "no_email" };
  if (!identity.emailVerified) return { ok: false, reason: "email_unverified" };

  const actor = { userId: null, tokenId: null, label: "oidc" };
  const outcome = await db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select });
    if (existing) {
      if (existing.disabled) return { ok: false, reason: "disabled" } as const;
      if (existing.oidcSubject && existing.oidcSubject !== subject) return { ok: false, reason: "linked_elsewhere" } as const;
      if (existing.role === "admin" && !policy.linkAdmins) return { ok: false, reason: "admin_link_refused" } as const;
      await tx.user.update({ where: { id: existing.id }, data: { oidcSubject: subject } });
      await recordAudit(tx, actor, { action: "user.oidc_link", entityType: "user", entityId: existing.id, after: { email, oidcSubject: subject } });
      return { ok: true, user: existing, created: false } as const;
    }
    const user = await tx.user.create({
      data: { email, name: identity.name?.slice(0, 120) || email, role: policy.defaultRole, oidcSubject: subject },
      select,
    });
    await recordAudit(tx, actor, { action: "user.create", entityType: "user", entityId: user.id, after: { email, role: user.role, via: "oidc" } });
    return { ok: true, user, created: true } as const;
  });
  return outcome.ok ? signedIn(outcome.user, outcome.created, true) : outcome;
}
