import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { type Actor, recordAudit } from "../audit";
import { refreshProgress } from "../checklist/progress";
import { emitEvent } from "../events";

/**
 * Cancel every pending request that can no longer be decided because what it names went
 * away (a version, model or target archived), or was overtaken: each gets the reason, an
 * audit row and a `promotion.cancelled` event, in the caller's transaction.
 */
export async function cancelPendingFor(
  tx: Tx,
  actor: Actor,
  where: { versionId?: string; modelId?: string; targetId?: string },
  reason: string,
): Promise<string[]> {
  const conditions = [
    Prisma.sql`status = 'pending'`,
    ...(where.versionId ? [Prisma.sql`version_id = ${where.versionId}`] : []),
    ...(where.targetId ? [Prisma.sql`target_id = ${where.targetId}`] : []),
    ...(where.modelId
      ? [
          Prisma.sql`version_id IN (SELECT id FROM model_versions WHERE model_id = ${where.modelId})`,
        ]
      : []),
  ];
  const rows = await tx.$queryRaw<{ id: string; version_id: string }[]>(Prisma.sql`
    UPDATE promotion_requests
    SET status = 'cancelled', decided_at = now(), updated_at = now(), cancelled_by_id = ${actor.userId}, invalidated_reason = ${`Cancelled: ${reason}.`}
    WHERE ${Prisma.join(conditions, " AND ")}
    RETURNING id, version_id`);
  for (const r of rows) {
    await recordAudit(tx, actor, {
      action: "promotion.cancel",
      entityType: "promotion",
      entityId: r.id,
      after: { status: "cancelled", reason },
    });
    await emitEvent(
      tx,
      "promotion.cancelled",
      { type: "promotion", id: r.id },
      { promotionId: r.id, by: actor.label, reason },
    );
  }
  // A cancelled request no longer chooses its target for the version's checklist.
  if (rows.length)
    await refreshProgress(tx, { versionIds: [...new Set(rows.map((r) => r.version_id))] });
  return rows.map((r) => r.id);
}
