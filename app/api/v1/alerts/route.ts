import { alertEndpoints } from "@/lib/endpoints/alerts";
import { route } from "@/lib/http/route";
import { listAlerts } from "@/lib/services/alerts/workflow";

// GET /api/v1/alerts?state=firing – alerts, newest first
export const GET = route(alertEndpoints.list, async ({ query }) => listAlerts(query));
