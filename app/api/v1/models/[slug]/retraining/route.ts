import { retrainingEndpoints } from "@/lib/endpoints/retraining";
import { route } from "@/lib/http/route";
import { listRetraining } from "@/lib/services/retraining";

// GET /api/v1/models/{slug}/retraining – the model's retraining requests, newest first
export const GET = route(retrainingEndpoints.list, async ({ params, query }) =>
  listRetraining(params.slug, query),
);
