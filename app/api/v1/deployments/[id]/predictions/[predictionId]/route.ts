import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import { route } from "@/lib/http/route";
import { getPrediction, labelPrediction } from "@/lib/services/ingest";

// GET /api/v1/deployments/{id}/predictions/{predictionId}
export const GET = route(monitoringEndpoints.getPrediction, async ({ params }) =>
  getPrediction(params.id, params.predictionId),
);

// PATCH /api/v1/deployments/{id}/predictions/{predictionId} – ground truth that arrives later
export const PATCH = route(monitoringEndpoints.labelPrediction, async ({ params, body }) =>
  labelPrediction(params.id, params.predictionId, body.label),
);
