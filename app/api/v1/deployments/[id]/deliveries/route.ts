import { deliveryEndpoints } from "@/lib/endpoints/deliveries";
import { route } from "@/lib/http/route";
import { listDeploymentDeliveries } from "@/lib/services/delivery";

// GET /api/v1/deployments/{id}/deliveries – the deployment's manifest commits, newest first
export const GET = route(deliveryEndpoints.forDeployment, async ({ params, query }) =>
  listDeploymentDeliveries(params.id, query),
);
