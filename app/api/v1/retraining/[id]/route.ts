import { retrainingEndpoints } from "@/lib/endpoints/retraining";
import { route } from "@/lib/http/route";
import { getRetraining } from "@/lib/services/retraining";

// GET /api/v1/retraining/{id} – one request with its evidence
export const GET = route(retrainingEndpoints.get, async ({ params }) => getRetraining(params.id));
