import { z } from "zod";
import { eventTypes } from "@/lib/services/events";
import { id, timestamp } from "./common";

// Webhooks: where events go. The URL must be http(s); events are the outbox's types or "*".

const eventName = z.enum([...eventTypes, "*"]);

const hookUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .max(2000)
  .refine((u) => !new URL(u).username && !new URL(u).password, "must not carry credentials");

export const webhookCreate = z
  .object({ url: hookUrl, events: z.array(eventName).min(1, "subscribe to at least one event").max(50), active: z.boolean().optional() })
  .strict()
  .meta({ id: "WebhookCreate" });

export const webhookUpdate = webhookCreate.partial().strict().refine((v) => Object.keys(v).length > 0, "send at least one field").meta({ id: "WebhookUpdate" });

export const webhook = z
  .object({ id, url: z.string(), events: z.array(z.string()), active: z.boolean(), createdAt: timestamp, updatedAt: timestamp })
  .meta({ id: "Webhook" });

export const webhookCreated = webhook.extend({ secret: z.string().meta({ description: "Shown only in this response: keep it to verify signatures." }) });

export const delivery = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: timestamp.nullable(),
  deliveredAt: timestamp.nullable(),
  createdAt: timestamp,
});
