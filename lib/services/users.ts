import { type Tx, db } from "@/lib/db";
import {
  conflict,
  forbidden,
  notFound,
  rateLimited,
  unprocessable,
  validationFailed,
} from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { hashPassword } from "@/lib/passwords";
import type { Principal } from "@/lib/permissions";
import type { PasswordChange, UserCreate, UserDto, UserUpdate } from "@/lib/schemas/users";
import { type Actor, actorOf, recordAudit } from "./audit";
import { verifyThrottled } from "./sign-in";
import { forgetCachedTokens } from "./tokens";

const publicFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  lastLoginAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function serializeUser(u: {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}): UserDto {
  return {
    ...u,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export async function listUsers() {
  const users = await db.user.findMany({
    select: publicFields,
    orderBy: [{ disabled: "asc" }, { email: "asc" }],
  });
  return users.map(serializeUser);
}

/** How a user signs in, for their account page: with a password of their own, by SSO, or both. */
export async function getAccount(userId: string) {
  const row = await db.user.findUnique({
    where: { id: userId },
    select: { passwordHash: true, oidcSubject: true },
  });
  return { hasPassword: Boolean(row?.passwordHash), sso: Boolean(row?.oidcSubject) };
}

export async function createUser(actor: Actor, input: UserCreate) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({
      where: { email: input.email },
      select: { id: true },
    });
    if (existing) throw conflict(`A user with email ${input.email} already exists`);
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash },
      select: publicFields,
    });
    await recordAudit(tx, actor, {
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      after: user,
    });
    return serializeUser(user);
  });
}

/**
 * Serialises every change that could leave Modelgate without an active admin: two admins
 * demoting each other at the same instant must not both succeed. Held until the
 * transaction ends.
 */
async function lockAdminSet(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('modelgate.admins'))`;
}

export async function updateUser(actor: Actor, id: string, input: UserUpdate) {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const updated = await db.$transaction(async (tx) => {
    const mayLoseAdmin = input.role !== undefined || input.disabled === true;
    if (mayLoseAdmin) await lockAdminSet(tx);
    const before = await tx.user.findUnique({ where: { id }, select: publicFields });
    if (!before) throw notFound("User");
    const losesAdmin =
      before.role === "admin" &&
      !before.disabled &&
      ((input.role && input.role !== "admin") || input.disabled);
    if (losesAdmin) {
      const admins = await tx.user.count({ where: { role: "admin", disabled: false } });
      if (admins <= 1)
        throw unprocessable(
          "Modelgate needs at least one active admin; promote someone else first",
        );
    }
    if (actor.userId === id && input.disabled)
      throw unprocessable("You cannot disable your own account");
    // A new password, another role or a disabled account ends every session signed before.
    const endsSessions =
      Boolean(input.password) ||
      (input.role !== undefined && input.role !== before.role) ||
      (input.disabled !== undefined && input.disabled !== before.disabled);
    const after = await tx.user.update({
      where: { id },
      data: {
        name: input.name,
        role: input.role,
        disabled: input.disabled,
        passwordHash,
        ...(endsSessions ? { sessionVersion: { increment: 1 } } : {}),
      },
      select: publicFields,
    });
    await recordAudit(tx, actor, {
      action:
        input.password && Object.keys(input).length === 1 ? "user.password_reset" : "user.update",
      entityType: "user",
      entityId: id,
      before,
      after: {
        ...after,
        ...(input.password ? { passwordChanged: true } : {}),
        ...(endsSessions ? { sessionsEnded: true } : {}),
      },
    });
    return serializeUser(after);
  });
  // The user's tokens now stand for the new role (or nothing): see forgetCachedTokens.
  forgetCachedTokens();
  return updated;
}

/**
 * A user changes their own password: the current one must be right, and every session of
 * theirs ends, this one included (they sign in again with the new password). Only from a
 * signed-in session: an API token cannot change its owner's password.
 */
export async function changeOwnPassword(principal: Principal, input: PasswordChange) {
  if (principal.token)
    throw forbidden("Change your password from a signed-in session, not with an API token");
  const row = await db.user.findUnique({
    where: { id: principal.user.id },
    select: { passwordHash: true },
  });
  if (!row) throw notFound("User");
  if (!row.passwordHash)
    throw unprocessable("This account signs in with single sign-on and has no password to change");
  // Guessing the current password from a stolen session is throttled like sign-in.
  const check = await verifyThrottled(
    `password-change:${principal.user.id}`,
    input.currentPassword,
    row.passwordHash,
  );
  if (check.retryAfterSeconds) throw rateLimited(check.retryAfterSeconds);
  if (!check.ok)
    throw validationFailed([{ path: "currentPassword", message: "is not your current password" }]);
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: principal.user.id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    await recordAudit(tx, actorOf(principal), {
      action: "user.password_change",
      entityType: "user",
      entityId: principal.user.id,
      after: { passwordChanged: true, sessionsEnded: true },
    });
  });
}
