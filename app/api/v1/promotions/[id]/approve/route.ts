import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { route } from "@/lib/http/route";
import { approvePromotion } from "@/lib/services/promotions/requests";

// POST /api/v1/promotions/{id}/approve
export const POST = route(promotionEndpoints.approve, async ({ principal, params, body }) =>
  approvePromotion(principal, params.id, body),
);
