import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { json, route } from "@/lib/http/route";
import { promotionChanges } from "@/lib/services/promotions/changes";

// GET /api/v1/promotions/{id}/changes – what approving the request changes on its target
export const GET = route(promotionEndpoints.changes, async ({ params }) =>
  json(await promotionChanges(params.id)),
);
