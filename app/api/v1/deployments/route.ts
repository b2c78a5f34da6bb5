import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { route } from "@/lib/http/route";
import { listDeployments } from "@/lib/services/deployments";

// GET /api/v1/deployments – deployments, newest first
export const GET = route(deploymentEndpoints.list, async ({ query }) => listDeployments(query));
