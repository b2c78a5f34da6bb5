import { webhookEndpoints } from "@/lib/endpoints/webhooks";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { webhookUpdateChecked } from "@/lib/services/webhook-input";
import { deleteWebhook, updateWebhook } from "@/lib/services/webhooks";

// PATCH /api/v1/webhooks/{id} – the body also refuses internal URLs
export const PATCH = route(
  { ...webhookEndpoints.update, body: webhookUpdateChecked },
  async ({ principal, params, body }) => updateWebhook(actorOf(principal), params.id, body),
);

// DELETE /api/v1/webhooks/{id}
export const DELETE = route(webhookEndpoints.remove, async ({ principal, params }) => {
  await deleteWebhook(actorOf(principal), params.id);
  return new Response(null, { status: 204 });
});
