import { rolloutEndpoints } from "@/lib/endpoints/rollouts";
import { json, route } from "@/lib/http/route";
import { getRollout } from "@/lib/services/rollouts";

// GET /api/v1/rollouts/{id} – a rollout with its steps and verdicts
export const GET = route(rolloutEndpoints.get, async ({ params }) =>
  json(await getRollout(params.id)),
);
