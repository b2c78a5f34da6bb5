import { driftEndpoints } from "@/lib/endpoints/drift";
import { route } from "@/lib/http/route";
import { checkDrift } from "@/lib/services/drift";

// GET /api/v1/deployments/{id}/drift?from=&to= – drift of the window against the reference
export const GET = route(driftEndpoints.drift, async ({ params, query }) =>
  checkDrift(params.id, query),
);
