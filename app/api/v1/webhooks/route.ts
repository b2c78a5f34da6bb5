import { webhookEndpoints } from "@/lib/endpoints/webhooks";
import { json, route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { webhookCreateChecked } from "@/lib/services/webhook-input";
import { createWebhook, listWebhooks } from "@/lib/services/webhooks";

// GET /api/v1/webhooks
export const GET = route(webhookEndpoints.list, async () => listWebhooks());

// POST /api/v1/webhooks – the secret is returned once; the body also refuses internal URLs
export const POST = route(
  { ...webhookEndpoints.create, body: webhookCreateChecked },
  async ({ principal, body }) =>
    json(await createWebhook(actorOf(principal), body), { status: 201 }),
);
