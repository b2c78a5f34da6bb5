import { db } from "@/lib/db";
import { actorOf } from "@/lib/services/audit";
import { updateUser } from "@/lib/services/users";
import { makeUser } from "@/lib/testing/fixtures";

// Run by users.test.ts against a database of its own, where these two are the only admins:
// each demotes (or disables) the other at the same instant. Prints what happened as JSON.

async function main() {
  const change = process.argv[2] === "disable" ? { disabled: true } : { role: "viewer" as const };
  const [a, b] = [await makeUser("admin"), await makeUser("admin")];
  const results = await Promise.allSettled([
    updateUser(actorOf(a), b.user.id, change),
    updateUser(actorOf(b), a.user.id, change),
  ]);
  const activeAdmins = await db.user.count({ where: { role: "admin", disabled: false } });
  await db.$disconnect();
  console.log(
    JSON.stringify({
      outcomes: results.map((r) =>
        r.status === "fulfilled" ? "ok" : ((r.reason as { code?: string }).code ?? "error"),
      ),
      activeAdmins,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
