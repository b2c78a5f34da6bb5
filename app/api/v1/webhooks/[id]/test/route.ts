import { webhookEndpoints } from "@/lib/endpoints/webhooks";
import { json, route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { sendTest } from "@/lib/services/webhooks";

// POST /api/v1/webhooks/{id}/test – queue a test delivery
export const POST = route(webhookEndpoints.test, async ({ principal, params }) =>
  json(await sendTest(actorOf(principal), params.id), { status: 202 }),
);
