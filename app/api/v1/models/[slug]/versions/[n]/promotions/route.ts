import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { json, route } from "@/lib/http/route";
import { requestPromotion } from "@/lib/services/promotions/requests";

// POST /api/v1/models/{slug}/versions/{n}/promotions – request a promotion (422 with gates when blocked)
export const POST = route(promotionEndpoints.request, async ({ principal, params, body }) =>
  json(await requestPromotion(principal, params.slug, params.n, body), { status: 201 }),
);
