import { retrainingEndpoints } from "@/lib/endpoints/retraining";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { dismissRetraining } from "@/lib/services/retraining";

// POST /api/v1/retraining/{id}/dismiss – close an open request without a new version
export const POST = route(retrainingEndpoints.dismiss, async ({ principal, params, body }) =>
  dismissRetraining(actorOf(principal), params.id, body.reason),
);
