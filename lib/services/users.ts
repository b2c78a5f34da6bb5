import { db } from "@/lib/db";
import { conflict, notFound, unprocessable } from "@/lib/http/errors";
import { hashPassword } from "@/lib/passwords";
import type { UserCreate, UserUpdate } from "@/lib/schemas/users";
import { type Actor, recordAudit } from "./audit";

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
  role: string;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}) {
  return {
    ...u,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export async function listUsers() {
  const users = await db.user.findMany({ select: publicFields, orderBy: [{ disabled: "asc" }, { email: "asc" }] });
  return users.map(serializeUser);
}

export async function getUser(id: string) {
  const user = await db.user.findUnique({ where: { id }, select: publicFields });
  if (!user) throw notFound("User");
  return serializeUser(user);
}

export async function createUser(actor: Actor, input: UserCreate) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) throw conflict(`A user with email ${input.email} already exists`);
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash },
      select: publicFields,
    });
    await recordAudit(tx, actor, { action: "user.create", entityType: "user", entityId: user.id, after: user });
    return serializeUser(user);
  });
}

export async function updateUser(actor: Actor, id: string, input: UserUpdate) {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: publicFields });
    if (!before) throw notFound("User");
    const losesAdmin =
      before.role === "admin" && !before.disabled && ((input.role && input.role !== "admin") || input.disabled);
    if (losesAdmin) {
      const admins = await tx.user.count({ where: { role: "admin", disabled: false } });
      if (admins <= 1) throw unprocessable("Modelgate needs at least one active admin; promote someone else first");
    }
    if (actor.userId === id && input.disabled) throw unprocessable("You cannot disable your own account");
    const after = await tx.user.update({
      where: { id },
      data: { name: input.name, role: input.role, disabled: input.disabled, passwordHash },
      select: publicFields,
    });
    await recordAudit(tx, actor, {
      action: input.password && Object.keys(input).length === 1 ? "user.password_reset" : "user.update",
      entityType: "user",
      entityId: id,
      before,
      after: { ...after, ...(input.password ? { passwordChanged: true } : {}) },
    });
    return serializeUser(after);
  });
}
