import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import { route } from "@/lib/http/route";
import { predictionSummary } from "@/lib/services/monitoring";

// GET /api/v1/deployments/{id}/predictions/summary – throughput, errors, latency, accuracy, confidence
export const GET = route(monitoringEndpoints.summary, async ({ params, query }) =>
  predictionSummary({ deploymentId: params.id, across: query.across }, query),
);
