import { alertEndpoints } from "@/lib/endpoints/alerts";
import { route } from "@/lib/http/route";
import { getAlert } from "@/lib/services/alerts/workflow";

// GET /api/v1/alerts/{id}
export const GET = route(alertEndpoints.get, async ({ params }) => getAlert(params.id));
