import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { DUMMY_HASH, verifyPassword } from "@/lib/passwords";
import type { Role } from "@/lib/permissions";

// Email + password sign-in with a brake on guessing. Failures are counted per email in the
// database (so every app instance sees them); past LOGIN_MAX_FAILURES within the window,
// each further attempt must wait twice as long as the last (1 s, 2 s, 4 s … up to the
// window), whatever the password. A success clears nothing: the count simply ages out.

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role } }
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
    select: { id: true, email: true, name: true, role: true, disabled: true, passwordHash: true },
  });
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  const ok = Boolean(user && valid && !user.disabled && user.passwordHash);

  await db.loginAttempt.create({ data: { key, succeeded: ok } });
  if (!ok || !user) return { ok: false, reason: "invalid" };

  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
