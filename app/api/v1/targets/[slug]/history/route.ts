import { targetEndpoints } from "@/lib/endpoints/targets";
import { route } from "@/lib/http/route";
import { targetAt, targetHistory } from "@/lib/services/deployments";

// GET /api/v1/targets/{slug}/history – deployments newest first, or what was active `at` a moment
export const GET = route(targetEndpoints.history, async ({ params, query }) =>
  query.at
    ? targetAt(params.slug, new Date(query.at), query.model)
    : targetHistory(params.slug, query),
);
