import { webhookEndpoints } from "@/lib/endpoints/webhooks";
import { route } from "@/lib/http/route";
import { listDeliveries } from "@/lib/services/webhooks";

// GET /api/v1/webhooks/{id}/deliveries – the delivery log
export const GET = route(webhookEndpoints.deliveries, async ({ params }) =>
  listDeliveries(params.id),
);
