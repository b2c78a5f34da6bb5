import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import { idempotent } from "@/lib/http/idempotency";
import { route } from "@/lib/http/route";
import { ingestPredictions } from "@/lib/services/ingest";
import { listPredictions } from "@/lib/services/monitoring";

// POST /api/v1/deployments/{id}/predictions – push up to 10,000 records (all or nothing, idempotent)
export const POST = route(
  monitoringEndpoints.pushPredictions,
  async ({ req, principal, params, body }) =>
    idempotent({ principal, req, body }, (client) => ingestPredictions(client, params.id, body)),
);

// GET /api/v1/deployments/{id}/predictions – the inference log, newest first
export const GET = route(monitoringEndpoints.listPredictions, async ({ params, query }) =>
  listPredictions({ deploymentId: params.id, across: query.across }, query),
);
