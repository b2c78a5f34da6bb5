import { z } from "zod";
import { DeliveryStatus } from "@/lib/generated/prisma/enums";
import { id, timestamp } from "./common";
import { eventTypes } from "./events";

// Webhooks: where events go. The URL must be http(s) without credentials; events are the
// outbox's types or "*". Whether the URL names an internal address is checked on the server
// (lib/services/webhook-input.ts): that check needs node:net and the environment, and these
// schemas also reach the browser through lib/endpoints, so it is plugged in there.

const eventName = z.enum([...eventTypes, "*"]);

export const hookUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .max(2000)
  .superRefine((u, ctx) => {
    // zod runs every check, so this one sees strings the url check already refused.
    if (!URL.canParse(u)) return;
    const { username, password } = new URL(u);
    if (username || password)
      ctx.addIssue({ code: "custom", message: "must not carry credentials" });
  });

/** The create and update bodies around a given URL schema: the one place their shape is written. */
export function webhookInputs(url: z.ZodType<string, string>) {
  const create = z
    .object({
      url,
      events: z.array(eventName).min(1, "subscribe to at least one event").max(50),
      active: z.boolean().optional(),
    })
    .strict();
  const update = create
    .partial()
    .strict()
    .refine((v) => Object.keys(v).length > 0, "send at least one field");
  return { create, update };
}

const inputs = webhookInputs(hookUrl);
export const webhookCreate = inputs.create.meta({ id: "WebhookCreate" });
export const webhookUpdate = inputs.update.meta({ id: "WebhookUpdate" });

export const webhook = z
  .object({
    id,
    url: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Webhook" });

export type WebhookDto = z.input<typeof webhook>;

export const webhookCreated = webhook.extend({
  secret: z
    .string()
    .meta({ description: "Shown only in this response: keep it to verify signatures." }),
});

export const delivery = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(DeliveryStatus),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: timestamp.nullable(),
  deliveredAt: timestamp.nullable(),
  createdAt: timestamp,
});
