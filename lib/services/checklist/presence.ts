import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { CHECKLIST_CHANNEL } from "./items";

// Who has a version's checklist open: a row per (version, user) refreshed by each open
// stream's heartbeat. Rows older than STALE_SECONDS are ignored, so a crashed instance's
// viewers fade out on their own.

export const HEARTBEAT_SECONDS = 10;
const STALE_SECONDS = 30;

export async function touchPresence(versionId: string, userId: string, announce: boolean) {
  await db.checklistPresence.upsert({
    where: { versionId_userId: { versionId, userId } },
    create: { versionId, userId },
    update: { seenAt: new Date() },
  });
  if (announce)
    await db.$executeRaw(
      Prisma.sql`SELECT pg_notify(${CHECKLIST_CHANNEL}, ${JSON.stringify({ type: "presence", versionId })})`,
    );
}

export async function leavePresence(versionId: string, userId: string) {
  await db.checklistPresence.deleteMany({ where: { versionId, userId } });
  await db.$executeRaw(
    Prisma.sql`SELECT pg_notify(${CHECKLIST_CHANNEL}, ${JSON.stringify({ type: "presence", versionId })})`,
  );
}

export async function viewers(versionId: string) {
  const rows = await db.checklistPresence.findMany({
    where: { versionId, seenAt: { gte: new Date(Date.now() - STALE_SECONDS * 1000) } },
    include: { user: { select: { id: true, name: true } } },
    orderBy: { seenAt: "asc" },
  });
  return rows.map((r) => r.user);
}
