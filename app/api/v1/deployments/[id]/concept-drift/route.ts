import { driftEndpoints } from "@/lib/endpoints/drift";
import { route } from "@/lib/http/route";
import { conceptDrift } from "@/lib/services/concept";

// GET /api/v1/deployments/{id}/concept-drift – labelled error rate, detector signals
export const GET = route(driftEndpoints.concept, async ({ params, query }) =>
  conceptDrift(params.id, query),
);
