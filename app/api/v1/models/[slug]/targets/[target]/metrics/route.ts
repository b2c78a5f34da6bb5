import { endpointEndpoints } from "@/lib/endpoints/endpoints";
import { idempotent } from "@/lib/http/idempotency";
import { route } from "@/lib/http/route";
import { ingestMetrics } from "@/lib/services/ingest";
import { metricSeries } from "@/lib/services/monitoring";

// POST /api/v1/models/{slug}/targets/{target}/metrics – points for whatever version runs there
export const POST = route(endpointEndpoints.pushMetrics, async ({ req, principal, params, body }) =>
  idempotent({ principal, req, body, singleStatement: true }, (client) =>
    ingestMetrics(client, { model: params.slug, target: params.target, principal }, body),
  ),
);

// GET /api/v1/models/{slug}/targets/{target}/metrics?name= – the series across releases
export const GET = route(endpointEndpoints.readMetrics, async ({ params, query }) =>
  metricSeries({ model: params.slug, target: params.target }, query),
);
