import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { route } from "@/lib/http/route";
import { cancelPromotion } from "@/lib/services/promotions/requests";

// POST /api/v1/promotions/{id}/cancel
export const POST = route(promotionEndpoints.cancel, async ({ principal, params, body }) =>
  cancelPromotion(principal, params.id, body.comment),
);
