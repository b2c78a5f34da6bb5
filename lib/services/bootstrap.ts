import { type Db, type Tx, db } from "@/lib/db";
import { DEMO_PASSWORD, demoEmail } from "@/lib/demo";
import { hashPassword, verifyPassword } from "@/lib/passwords";
import { roles } from "@/lib/permissions";
import { recordAudit, systemActor } from "./audit";

// The first admin of a real installation, from MODELGATE_ADMIN_EMAIL and
// MODELGATE_ADMIN_PASSWORD, made at server start (instrumentation.ts) when no enabled admin
// exists. Safe to run on every start and from several instances at once:
//   1. an enabled admin exists → nothing to do (every start after the first);
//   2. hash the password (slow, so outside the transaction);
//   3. in one transaction under an advisory lock, check again, then create the user and its
//      audit event: two instances starting together make one admin, not two.
// An email that already belongs to a user is reported, never promoted: a start-up variable
// must not be a way to take over an existing account.

export interface FirstAdminConfig {
  MODELGATE_ADMIN_EMAIL?: string;
  MODELGATE_ADMIN_PASSWORD?: string;
}

export type FirstAdminResult =
  | { status: "present" } // an enabled admin exists
  | { status: "created"; email: string }
  | { status: "email-taken"; email: string } // no enabled admin, and the email is someone else's
  | { status: "missing" }; // no enabled admin, and none configured

export async function hasEnabledAdmin(client: Tx = db): Promise<boolean> {
  return (await client.user.count({ where: { role: "admin", disabled: false } })) > 0;
}

export async function ensureFirstAdmin(
  config: FirstAdminConfig,
  client: Db = db,
): Promise<FirstAdminResult> {
  if (await hasEnabledAdmin(client)) return { status: "present" };
  const email = config.MODELGATE_ADMIN_EMAIL?.trim().toLowerCase();
  const password = config.MODELGATE_ADMIN_PASSWORD;
  if (!email || !password) return { status: "missing" };

  const passwordHash = await hashPassword(password);
  return client.$transaction(async (tx): Promise<FirstAdminResult> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('modelgate.first_admin'))`;
    if (await hasEnabledAdmin(tx)) return { status: "present" };
    if (await tx.user.findUnique({ where: { email }, select: { id: true } }))
      return { status: "email-taken", email };
    const user = await tx.user.create({
      data: { email, name: "Administrator", role: "admin", passwordHash },
      select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
    });
    await recordAudit(tx, systemActor, {
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      after: user,
    });
    return { status: "created", email };
  });
}

/**
 * Enabled demo accounts that still have the published demo password. Outside a demo they are
 * a way in for anyone who has read the README (a database seeded before the demo was kept to
 * the embedded database has them), so the server warns about them at start.
 */
export async function demoAccountsWithPublishedPassword(client: Tx = db): Promise<string[]> {
  const accounts = await client.user.findMany({
    where: { email: { in: roles.map(demoEmail) }, disabled: false, passwordHash: { not: null } },
    select: { email: true, passwordHash: true },
    orderBy: { email: "asc" },
  });
  const published = await Promise.all(
    accounts.map((a) => verifyPassword(DEMO_PASSWORD, a.passwordHash!)),
  );
  return accounts.filter((_, i) => published[i]).map((a) => a.email);
}
