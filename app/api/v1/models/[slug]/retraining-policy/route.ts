import { retrainingEndpoints } from "@/lib/endpoints/retraining";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { getRetrainingPolicy, setRetrainingPolicy } from "@/lib/services/retraining";

// GET, PUT /api/v1/models/{slug}/retraining-policy – which signals ask for a new version
export const GET = route(retrainingEndpoints.getPolicy, async ({ params }) =>
  getRetrainingPolicy(params.slug),
);

export const PUT = route(retrainingEndpoints.setPolicy, async ({ principal, params, body }) =>
  setRetrainingPolicy(actorOf(principal), params.slug, body),
);
