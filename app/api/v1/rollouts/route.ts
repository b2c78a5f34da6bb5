import { rolloutEndpoints } from "@/lib/endpoints/rollouts";
import { json, route } from "@/lib/http/route";
import { listRollouts } from "@/lib/services/rollouts";

// GET /api/v1/rollouts – canary rollouts, newest first
export const GET = route(rolloutEndpoints.list, async ({ query }) =>
  json(await listRollouts(query)),
);
