import { driftEndpoints } from "@/lib/endpoints/drift";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { setDriftConfig } from "@/lib/services/drift";

// PUT /api/v1/models/{slug}/drift-config – method, thresholds, dataset share
export const PUT = route(driftEndpoints.config, async ({ principal, params, body }) =>
  setDriftConfig(actorOf(principal), params.slug, body),
);
