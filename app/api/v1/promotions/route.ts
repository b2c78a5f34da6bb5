import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { route } from "@/lib/http/route";
import { listPromotions } from "@/lib/services/promotions/requests";

// GET /api/v1/promotions – promotion requests; status=pending is the approval queue
export const GET = route(promotionEndpoints.list, async ({ principal, query }) => {
  const { mine, ...rest } = query;
  return listPromotions({
    ...rest,
    requestedById: mine === "true" ? principal.user.id : undefined,
  });
});
