import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { dummyHash, verifyPassword } from "@/lib/passwords";
import { pool, transaction } from "@/lib/pg";
import type { Role } from "@/lib/permissions";
import { recordAudit } from "./audit";

// Email + password sign-in with a brake on guessing, counted in PostgreSQL so every app
// instance sees it, per email and per client address (unknown emails too):
//   1. under a transaction-level advisory lock per key, count the key's recent failures and,
//      unless it must wait, write this attempt as a failure *before* the password is checked,
//      so parallel guesses queue on the lock and each sees the ones before it;
//   2. check the password (on libuv's thread pool, see lib/passwords.ts), outside any lock;
//   3. on success, mark the attempt rows as succeeded.
// Past the limit each further attempt waits twice as long as the last (1 s, 2 s, 4 s …),
// never more than 15 minutes, so the owner always gets back in once the guessing stops.
// A throttled attempt is not written: hammering during the wait does not extend it.

/** The longest any key waits, whatever LOGIN_WINDOW_SECONDS says. */
export const MAX_BACKOFF_SECONDS = 900;

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
export function throttleDelay(
  failures: Date[],
  now: Date,
  maxFailures: number,
  windowSeconds: number,
): number {
  if (failures.length < maxFailures) return 0;
  const latest = Math.max(...failures.map((d) => d.getTime()));
  const wait = Math.min(
    2 ** Math.min(failures.length - maxFailures, 30),
    windowSeconds,
    MAX_BACKOFF_SECONDS,
  );
  const remaining = Math.ceil((latest + wait * 1000 - now.getTime()) / 1000);
  return Math.max(0, remaining);
}

/**
 * Step 1: wait or claim. Returns the seconds to wait, or the ids of the attempt rows written
 * for this attempt. Keys are locked in a fixed order so two attempts never deadlock.
 */
async function claimAttempt(
  keys: { key: string; max: number }[],
  now: Date,
): Promise<{ wait: number } | { ids: string[] }> {
  const { LOGIN_WINDOW_SECONDS } = env();
  const since = new Date(now.getTime() - LOGIN_WINDOW_SECONDS * 1000);
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key));
  return transaction(async (client) => {
    let wait = 0;
    for (const { key, max } of sorted) {
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
        `login_attempts:${key}`,
      ]);
      const { rows } = await client.query<{ created_at: Date }>(
        `SELECT created_at FROM login_attempts WHERE key = $1 AND NOT succeeded AND created_at >= $2
         ORDER BY created_at DESC LIMIT 64`,
        [key, since],
      );
      wait = Math.max(
        wait,
        throttleDelay(
          rows.map((r) => r.created_at),
          now,
          max,
          LOGIN_WINDOW_SECONDS,
        ),
      );
    }
    if (wait > 0) return { wait };
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO login_attempts (key, succeeded, created_at) SELECT unnest($1::text[]), false, $2 RETURNING id::text`,
      [sorted.map((k) => k.key), now],
    );
    return { ids: rows.map((r) => r.id) };
  });
}

/**
 * Check a password outside sign-in (e.g. the current one before a password change) under the
 * same brake: counted before it is verified, and refused while the key must wait.
 */
export async function verifyThrottled(
  key: string,
  password: string,
  hash: string,
): Promise<{ ok: boolean; retryAfterSeconds?: number }> {
  const claim = await claimAttempt([{ key, max: env().LOGIN_MAX_FAILURES }], new Date());
  if ("wait" in claim) return { ok: false, retryAfterSeconds: claim.wait };
  if (!(await verifyPassword(password, hash))) return { ok: false };
  await pool().query("UPDATE login_attempts SET succeeded = true WHERE id = ANY($1::bigint[])", [
    claim.ids,
  ]);
  return { ok: true };
}

export async function signInWithPassword(
  emailRaw: string,
  password: string,
  { clientAddress = null }: { clientAddress?: string | null } = {},
): Promise<SignInResult> {
  const { LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES_PER_ADDRESS } = env();
  const key = emailRaw.trim().toLowerCase();
  const now = new Date();
  const keys = [{ key, max: LOGIN_MAX_FAILURES }];
  if (clientAddress) keys.push({ key: `ip:${clientAddress}`, max: LOGIN_MAX_FAILURES_PER_ADDRESS });

  const claim = await claimAttempt(keys, now);
  if ("wait" in claim) return { ok: false, reason: "throttled", retryAfterSeconds: claim.wait };

  const user = await db.user.findUnique({
    where: { email: key },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabled: true,
      passwordHash: true,
      sessionVersion: true,
    },
  });
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  const ok = Boolean(user && valid && !user.disabled && user.passwordHash);
  if (!ok || !user) return { ok: false, reason: "invalid" };

  await pool().query("UPDATE login_attempts SET succeeded = true WHERE id = ANY($1::bigint[])", [
    claim.ids,
  ]);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      sessionVersion: user.sessionVersion,
    },
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
  | {
      ok: false;
      reason:
        | "no_subject"
        | "no_email"
        | "email_unverified"
        | "disabled"
        | "admin_link_refused"
        | "linked_elsewhere";
    };

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
  policy: { linkAdmins: boolean; defaultRole: Role } = {
    linkAdmins: env().OIDC_LINK_ADMINS,
    defaultRole: env().OIDC_DEFAULT_ROLE,
  },
): Promise<OidcSignInResult> {
  const subject = identity.subject.trim();
  if (!subject || subject.length > 255) return { ok: false, reason: "no_subject" };
  const select = {
    id: true,
    email: true,
    name: true,
    role: true,
    disabled: true,
    sessionVersion: true,
    oidcSubject: true,
  } as const;
  const signedIn = async (
    u: { id: string; email: string; name: string; role: Role; sessionVersion: number },
    created: boolean,
    linked: boolean,
  ) => {
    await db.user.update({ where: { id: u.id }, data: { lastLoginAt: new Date() } });
    return {
      ok: true as const,
      created,
      linked,
      user: {
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        sessionVersion: u.sessionVersion,
      },
    };
  };

  const bySubject = await db.user.findUnique({ where: { oidcSubject: subject }, select });
  if (bySubject)
    return bySubject.disabled
      ? { ok: false, reason: "disabled" }
      : signedIn(bySubject, false, false);

  const email = identity.email?.trim().toLowerCase();
  if (!email) return { ok: false, reason: "no_email" };
  if (!identity.emailVerified) return { ok: false, reason: "email_unverified" };

  const actor = { userId: null, tokenId: null, label: "oidc" };
  const outcome = await db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select });
    if (existing) {
      if (existing.disabled) return { ok: false, reason: "disabled" } as const;
      if (existing.oidcSubject && existing.oidcSubject !== subject)
        return { ok: false, reason: "linked_elsewhere" } as const;
      if (existing.role === "admin" && !policy.linkAdmins)
        return { ok: false, reason: "admin_link_refused" } as const;
      await tx.user.update({ where: { id: existing.id }, data: { oidcSubject: subject } });
      await recordAudit(tx, actor, {
        action: "user.oidc_link",
        entityType: "user",
        entityId: existing.id,
        after: { email, oidcSubject: subject },
      });
      return { ok: true, user: existing, created: false } as const;
    }
    const user = await tx.user.create({
      data: {
        email,
        name: identity.name?.slice(0, 120) || email,
        role: policy.defaultRole,
        oidcSubject: subject,
      },
      select,
    });
    await recordAudit(tx, actor, {
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      after: { email, role: user.role, via: "oidc" },
    });
    return { ok: true, user, created: true } as const;
  });
  return outcome.ok ? signedIn(outcome.user, outcome.created, true) : outcome;
}
