import { z } from "zod";
import { env } from "@/lib/env";
import { DeliveryStatus } from "@/lib/generated/prisma/enums";
import { parseAllowList, refusalFor } from "@/lib/net/address";
import { eventTypes } from "@/lib/services/events";
import { id, timestamp } from "./common";

// Webhooks: where events go. The URL must be http(s) and must not name an internal address
// (in any spelling: the URL parser has already turned 0x7f000001 into 127.0.0.1) unless the
// operator allowed it; names are resolved and checked again at each delivery. Events are the
// outbox's types or "*".

const eventName = z.enum([...eventTypes, "*"]);

const hookUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .max(2000)
  .superRefine((u, ctx) => {
    // zod runs every check, so this one sees strings the url check already refused.
    if (!URL.canParse(u)) return;
    const { username, password, hostname } = new URL(u);
    if (username || password) ctx.addIssue({ code: "custom", message: "must not carry credentials" });
    const host = hostname.replace(/^\[|\]$/g, "");
    const why = refusalFor(parseAllowList(env().WEBHOOK_ALLOWED_HOSTS), host, host);
    if (why) ctx.addIssue({ code: "custom", message: why });
  });

export const webhookCreate = z
  .object({ url: hookUrl, events: z.array(eventName).min(1, "subscribe to at least one event").max(50), active: z.boolean().optional() })
  .strict()
  .meta({ id: "WebhookCreate" });

export const webhookUpdate = webhookCreate.partial().strict().refine((v) => Object.keys(v).length > 0, "send at least one field").meta({ id: "WebhookUpdate" });

export const webhook = z
  .object({ id, url: z.string(), events: z.array(z.string()), active: z.boolean(), createdAt: timestamp, updatedAt: timestamp })
  .meta({ id: "Webhook" });

export type WebhookDto = z.input<typeof webhook>;

export const webhookCreated = webhook.extend({ secret: z.string().meta({ description: "Shown only in this response: keep it to verify signatures." }) });

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
