import { endpointEndpoints } from "@/lib/endpoints/endpoints";
import { route } from "@/lib/http/route";
import { getEndpoint } from "@/lib/services/monitoring";

// GET /api/v1/models/{slug}/targets/{target} – the endpoint: what runs there, every release
export const GET = route(endpointEndpoints.get, async ({ params }) =>
  getEndpoint(params.slug, params.target),
);
