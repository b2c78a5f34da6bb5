import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { Principal, Role } from "@/lib/permissions";

// Unique data per test, never global wipes: tests run in parallel on one database.

export const uid = (prefix = "t") => `${prefix}-${randomBytes(5).toString("hex")}`;

export async function makeUser(role: Role, over: { passwordHash?: string } = {}): Promise<Principal> {
  const email = `${uid(role)}@test.modelgate.dev`;
  const user = await db.user.create({ data: { email, name: `Test ${role}`, role, passwordHash: over.passwordHash ?? null } });
  return { user: { id: user.id, email: user.email, name: user.name, role } };
}
