import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { route } from "@/lib/http/route";
import { rejectPromotion } from "@/lib/services/promotions/requests";

// POST /api/v1/promotions/{id}/reject
export const POST = route(promotionEndpoints.reject, async ({ principal, params, body }) =>
  rejectPromotion(principal, params.id, body),
);
