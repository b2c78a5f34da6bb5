import { rolloutEndpoints } from "@/lib/endpoints/rollouts";
import { json, route } from "@/lib/http/route";
import { actOnRollout } from "@/lib/services/rollouts";

// POST /api/v1/rollouts/{id}/pause
export const POST = route(rolloutEndpoints.pause, async ({ principal, params, body }) =>
  json(await actOnRollout(principal, params.id, "pause", body.comment)),
);
