import { db } from "@/lib/db";

/** Alerts that are not resolved, most severe and newest first, for the alerts page. */
export async function listOpenAlerts() {
  return db.alert.findMany({
    where: { state: { not: "resolved" } },
    orderBy: [{ severity: "desc" }, { startedAt: "desc" }],
    take: 200,
    include: {
      rule: { select: { name: true, kind: true } },
      deployment: {
        select: { model: { select: { slug: true, name: true } }, target: { select: { name: true } }, version: { select: { version: true } } },
      },
    },
  });
}
