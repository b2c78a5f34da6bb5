import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { route } from "@/lib/http/route";
import { getPromotion } from "@/lib/services/promotions/requests";

// GET /api/v1/promotions/{id} – one request with its gates and votes
export const GET = route(promotionEndpoints.get, async ({ params }) => getPromotion(params.id));
