import { driftEndpoints } from "@/lib/endpoints/drift";
import { route } from "@/lib/http/route";
import { driftHistory } from "@/lib/services/drift";

// GET /api/v1/deployments/{id}/drift/history – stored reports over time
export const GET = route(driftEndpoints.history, async ({ params, query }) =>
  driftHistory(params.id, query),
);
