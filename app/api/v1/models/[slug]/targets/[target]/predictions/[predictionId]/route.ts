import { endpointEndpoints } from "@/lib/endpoints/endpoints";
import { route } from "@/lib/http/route";
import { labelPrediction } from "@/lib/services/ingest";

// PATCH /api/v1/models/{slug}/targets/{target}/predictions/{predictionId} – a late label
export const PATCH = route(endpointEndpoints.labelPrediction, async ({ principal, params, body }) =>
  labelPrediction(
    { model: params.slug, target: params.target, principal },
    params.predictionId,
    body.label,
  ),
);
