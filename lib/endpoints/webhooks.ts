import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { idParams } from "@/lib/schemas/common";
import {
  delivery,
  webhook,
  webhookCreate,
  webhookCreated,
  webhookUpdate,
} from "@/lib/schemas/webhooks";

const signing =
  'Deliveries are `POST` with JSON `{ id, type, createdAt, data }` and headers `X-Modelgate-Event`, `X-Modelgate-Timestamp` (unix seconds) and `X-Modelgate-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>`. A non-2xx answer is retried with exponential backoff (10 s, 20 s, 40 s … up to an hour, 8 attempts).';

export const webhookEndpoints = {
  list: endpoint({
    method: "GET",
    path: "/api/v1/webhooks",
    tag: "Webhooks",
    summary: "List webhooks",
    action: "admin",
    response: {
      status: 200,
      description: "The webhooks (secrets are never listed).",
      schema: z.object({ items: z.array(webhook) }),
    },
  }),
  create: endpoint({
    method: "POST",
    path: "/api/v1/webhooks",
    tag: "Webhooks",
    summary: "Create a webhook",
    description: `The signing secret is in this response only. ${signing}`,
    action: "admin",
    body: webhookCreate,
    response: { status: 201, description: "The webhook and its secret.", schema: webhookCreated },
  }),
  update: endpoint({
    method: "PATCH",
    path: "/api/v1/webhooks/{id}",
    tag: "Webhooks",
    summary: "Edit a webhook (URL, events, active)",
    action: "admin",
    params: idParams,
    body: webhookUpdate,
    response: { status: 200, description: "The webhook.", schema: webhook },
    errors: [404],
  }),
  remove: endpoint({
    method: "DELETE",
    path: "/api/v1/webhooks/{id}",
    tag: "Webhooks",
    summary: "Delete a webhook",
    action: "admin",
    params: idParams,
    response: { status: 204, description: "Deleted with its delivery log." },
    errors: [404],
  }),
  deliveries: endpoint({
    method: "GET",
    path: "/api/v1/webhooks/{id}/deliveries",
    tag: "Webhooks",
    summary: "A webhook's delivery log",
    description: "The newest 50 deliveries with status, attempts and the receiver's status code.",
    action: "admin",
    params: idParams,
    response: {
      status: 200,
      description: "Deliveries, newest first.",
      schema: z.object({ items: z.array(delivery) }),
    },
    errors: [404],
  }),
  test: endpoint({
    method: "POST",
    path: "/api/v1/webhooks/{id}/test",
    tag: "Webhooks",
    summary: "Send a test delivery",
    description:
      "Records a `webhook.test` event for this webhook only and sends it at once (bounded by WEBHOOK_TIMEOUT_MS); the delivery log shows the outcome, and a failure is retried like any other delivery.",
    action: "admin",
    params: idParams,
    response: {
      status: 202,
      description: "Recorded and attempted; the delivery log has the outcome.",
      schema: z.object({ deliveryId: z.string(), eventId: z.string() }),
    },
    errors: [404],
  }),
};
