import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { route } from "@/lib/http/route";
import { getDeployment } from "@/lib/services/deployments";

// GET /api/v1/deployments/{id}
export const GET = route(deploymentEndpoints.get, async ({ params }) => getDeployment(params.id));
