import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/client";
import { scopesForRole } from "@/lib/permissions";
import { createToken } from "@/lib/services/tokens";
import { DEMO_PASSWORD, demoEmail, seedDemo } from "../../prisma/seed";

// Run once before the browser tests (by global-setup through tsx): seed the demo data and
// mint one full-scope token per role. Prints JSON on the last line of stdout.

async function main() {
  await seedDemo(() => {});
  const roles: Role[] = ["viewer", "editor", "approver", "admin"];
  const tokens: Record<string, string> = {};
  for (const role of roles) {
    const user = await db.user.findUniqueOrThrow({ where: { email: demoEmail(role) } });
    const t = await createToken(
      { user: { id: user.id, email: user.email, name: user.name, role: user.role } },
      { name: `e2e-${role}`, scopes: scopesForRole(role) },
    );
    tokens[role] = t.token;
  }
  await db.$disconnect();
  console.log(JSON.stringify({ tokens, password: DEMO_PASSWORD }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
