import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { route } from "@/lib/http/route";
import { targetFitsFor } from "@/lib/services/promotions/requests";

// GET /api/v1/models/{slug}/versions/{n}/targets – each target's fit for this version
export const GET = route(promotionEndpoints.targets, async ({ params }) =>
  targetFitsFor(params.slug, params.n),
);
