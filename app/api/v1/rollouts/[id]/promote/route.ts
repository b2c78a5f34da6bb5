import { rolloutEndpoints } from "@/lib/endpoints/rollouts";
import { json, route } from "@/lib/http/route";
import { actOnRollout } from "@/lib/services/rollouts";

// POST /api/v1/rollouts/{id}/promote
export const POST = route(rolloutEndpoints.promote, async ({ principal, params, body }) =>
  json(await actOnRollout(principal, params.id, "promote", body.comment)),
);
