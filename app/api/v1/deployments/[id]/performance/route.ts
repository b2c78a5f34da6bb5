import { driftEndpoints } from "@/lib/endpoints/drift";
import { route } from "@/lib/http/route";
import { performanceOverTime } from "@/lib/services/performance";

// GET /api/v1/deployments/{id}/performance – estimated (CBPE) and realized, per chunk
export const GET = route(driftEndpoints.performance, async ({ params, query }) =>
  performanceOverTime(params.id, query),
);
