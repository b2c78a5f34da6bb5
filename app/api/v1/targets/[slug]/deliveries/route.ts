import { deliveryEndpoints } from "@/lib/endpoints/deliveries";
import { route } from "@/lib/http/route";
import { listTargetDeliveries } from "@/lib/services/delivery";

// GET /api/v1/targets/{slug}/deliveries – the target's manifest commits, newest first
export const GET = route(deliveryEndpoints.forTarget, async ({ params, query }) =>
  listTargetDeliveries(params.slug, query),
);
