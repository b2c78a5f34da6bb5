import { alertEndpoints } from "@/lib/endpoints/alerts";
import { route } from "@/lib/http/route";
import { actOnAlert } from "@/lib/services/alerts/workflow";

// POST /api/v1/alerts/{id}/resolve
export const POST = route(alertEndpoints.resolve, async ({ principal, params, body }) =>
  actOnAlert(principal, params.id, "resolve", body),
);
