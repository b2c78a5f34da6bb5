import { endpointEndpoints } from "@/lib/endpoints/endpoints";
import { route } from "@/lib/http/route";
import { predictionSummary } from "@/lib/services/monitoring";

// GET /api/v1/models/{slug}/targets/{target}/predictions/summary – derived series across releases
export const GET = route(endpointEndpoints.summary, async ({ params, query }) =>
  predictionSummary({ model: params.slug, target: params.target }, query),
);
