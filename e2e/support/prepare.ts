import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/client";
import { scopesForRole } from "@/lib/permissions";
import { createToken } from "@/lib/services/tokens";
import { hashPassword } from "@/lib/passwords";
import { DEMO_PASSWORD, demoEmail, seedDemo } from "../../prisma/seed";

// Run once before the browser tests (by global-setup through tsx): seed the demo data and
// mint one full-scope token per role. Prints JSON on the last line of stdout.

async function main() {
  await seedDemo(() => {});
  // A second approver: nobody approves their own work, so the suite's waivers come from
  // someone other than the approvers who then vote.
  await db.user.upsert({
    where: { email: "reviewer@modelgate.dev" },
    create: {
      email: "reviewer@modelgate.dev",
      name: "Rita Reviewer",
      role: "approver",
      passwordHash: await hashPassword(DEMO_PASSWORD),
    },
    update: {},
  });
  const roles: (Role | "reviewer")[] = ["viewer", "editor", "approver", "admin", "reviewer"];
  const tokens: Record<string, string> = {};
  for (const role of roles) {
    const email = role === "reviewer" ? "reviewer@modelgate.dev" : demoEmail(role);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const t = await createToken(
      { user: { id: user.id, email: user.email, name: user.name, role: user.role } },
      { name: `e2e-${role}`, scopes: scopesForRole(user.role) },
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
