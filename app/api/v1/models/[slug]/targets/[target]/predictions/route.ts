import { endpointEndpoints } from "@/lib/endpoints/endpoints";
import { idempotent } from "@/lib/http/idempotency";
import { route } from "@/lib/http/route";
import { ingestPredictions } from "@/lib/services/ingest";
import { listPredictions } from "@/lib/services/monitoring";

// POST /api/v1/models/{slug}/targets/{target}/predictions – the inference log of the endpoint
export const POST = route(
  endpointEndpoints.pushPredictions,
  async ({ req, principal, params, body }) =>
    idempotent({ principal, req, body }, (client) =>
      ingestPredictions(client, { model: params.slug, target: params.target, principal }, body),
    ),
);

// GET /api/v1/models/{slug}/targets/{target}/predictions – newest first, across releases
export const GET = route(endpointEndpoints.listPredictions, async ({ params, query }) =>
  listPredictions({ model: params.slug, target: params.target }, query),
);
