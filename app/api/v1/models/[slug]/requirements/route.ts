import { modelEndpoints } from "@/lib/endpoints/models";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { putRequirements } from "@/lib/services/models";

// PUT /api/v1/models/{slug}/requirements – set the stage-1 requirements
export const PUT = route(modelEndpoints.putRequirements, async ({ principal, params, body }) =>
  putRequirements(actorOf(principal), params.slug, body),
);
