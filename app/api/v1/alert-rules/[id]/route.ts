import { alertEndpoints } from "@/lib/endpoints/alerts";
import { route } from "@/lib/http/route";
import { deleteRule, updateRule } from "@/lib/services/alerts/rules";
import { actorOf } from "@/lib/services/audit";

// PATCH /api/v1/alert-rules/{id}
export const PATCH = route(alertEndpoints.updateRule, async ({ principal, params, body }) =>
  updateRule(actorOf(principal), params.id, body),
);

// DELETE /api/v1/alert-rules/{id}
export const DELETE = route(alertEndpoints.deleteRule, async ({ principal, params }) => {
  await deleteRule(actorOf(principal), params.id);
  return new Response(null, { status: 204 });
});
