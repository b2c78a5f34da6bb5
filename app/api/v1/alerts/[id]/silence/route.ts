import { alertEndpoints } from "@/lib/endpoints/alerts";
import { route } from "@/lib/http/route";
import { actOnAlert } from "@/lib/services/alerts/workflow";

// POST /api/v1/alerts/{id}/silence
export const POST = route(alertEndpoints.silence, async ({ principal, params, body }) =>
  actOnAlert(principal, params.id, "silence", body),
);
