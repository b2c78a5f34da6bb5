import { db } from "@/lib/db";
import type { PromotionStatus } from "@/lib/generated/prisma/client";

/** Promotion requests, newest first, for the queue page. */
export async function listPromotionRequests(filter: { status?: PromotionStatus; versionId?: string } = {}) {
  return db.promotionRequest.findMany({
    where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.versionId ? { versionId: filter.versionId } : {}) },
    orderBy: { createdAt: "desc" },
    take: 200,
    include: {
      version: { select: { version: true, model: { select: { slug: true, name: true } } } },
      target: { select: { slug: true, name: true, environment: true } },
      requestedBy: { select: { name: true, email: true } },
      approvals: { select: { decision: true, valid: true } },
    },
  });
}
