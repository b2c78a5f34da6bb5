import { rolloutEndpoints } from "@/lib/endpoints/rollouts";
import { json, route } from "@/lib/http/route";
import { actOnRollout } from "@/lib/services/rollouts";

// POST /api/v1/rollouts/{id}/abort
export const POST = route(rolloutEndpoints.abort, async ({ principal, params, body }) =>
  json(await actOnRollout(principal, params.id, "abort", body.comment)),
);
