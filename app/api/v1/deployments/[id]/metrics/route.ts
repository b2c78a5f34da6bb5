import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import { idempotent } from "@/lib/http/idempotency";
import { route } from "@/lib/http/route";
import { ingestMetrics } from "@/lib/services/ingest";
import { metricSeries } from "@/lib/services/monitoring";

// POST /api/v1/deployments/{id}/metrics – push up to 10,000 points (all or nothing, idempotent)
export const POST = route(
  monitoringEndpoints.pushMetrics,
  async ({ req, principal, params, body }) =>
    idempotent({ principal, req, body, singleStatement: true }, (client) =>
      ingestMetrics(client, params.id, body),
    ),
);

// GET /api/v1/deployments/{id}/metrics?name=&from=&to=&buckets= – downsampled buckets
export const GET = route(monitoringEndpoints.readMetrics, async ({ params, query }) =>
  metricSeries({ deploymentId: params.id, across: query.across }, query),
);
