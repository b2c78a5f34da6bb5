import { db } from "@/lib/db";

/** What needs someone now: firing alerts and promotions waiting for approval (the nav badges). */
export async function attentionCounts() {
  const [firingAlerts, pendingPromotions] = await Promise.all([
    db.alert.count({ where: { state: "firing" } }),
    db.promotionRequest.count({ where: { status: "pending", expiresAt: { gt: new Date() } } }),
  ]);
  return { firingAlerts, pendingPromotions };
}
