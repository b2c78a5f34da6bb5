import { endpointEndpoints } from "@/lib/endpoints/endpoints";
import { route } from "@/lib/http/route";
import { releaseComparison } from "@/lib/services/monitoring";

// GET /api/v1/models/{slug}/targets/{target}/comparison?deployment= – before and after a release
export const GET = route(endpointEndpoints.comparison, async ({ params, query }) =>
  releaseComparison(params.slug, params.target, query),
);
