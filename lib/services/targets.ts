import { db } from "@/lib/db";

/** Targets with what runs on each now, for the targets page. */
export async function listTargetsWithActive() {
  const targets = await db.deploymentTarget.findMany({
    where: { archived: false },
    orderBy: [{ environment: "desc" }, { name: "asc" }],
    include: {
      deployments: {
        where: { status: "active" },
        include: { model: { select: { slug: true, name: true } }, version: { select: { version: true } } },
        orderBy: { activatedAt: "desc" },
      },
    },
  });
  return targets;
}
