import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { route } from "@/lib/http/route";
import { previewGates } from "@/lib/services/promotions/requests";

// GET /api/v1/models/{slug}/versions/{n}/gates?target= – the gates a request would meet now
export const GET = route(promotionEndpoints.gates, async ({ params, query }) =>
  previewGates(params.slug, params.n, query.target),
);
