"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api";

// Webhooks, for the admin settings page: types mirroring lib/schemas/webhooks.ts and the
// react-query hooks that read them.

export interface WebhookDto {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryDto {
  id: string;
  eventId: string;
  eventType: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export const webhookKeys = {
  all: ["webhooks"] as const,
  deliveries: (id: string) => ["webhooks", id, "deliveries"] as const,
};

export function useWebhooks() {
  return useQuery({ queryKey: webhookKeys.all, queryFn: () => api<{ items: WebhookDto[] }>("/api/v1/webhooks").then((r) => r.items) });
}

/**
 * A webhook's delivery log. Polls every 2 s while a delivery is due soon (or while `watchUntil`,
 * set by "Send test", has not passed), every 15 s while one waits for a later retry, else never.
 */
export function useDeliveries(id: string, watchUntil = 0) {
  return useQuery({
    queryKey: webhookKeys.deliveries(id),
    queryFn: () => api<{ items: DeliveryDto[] }>(`/api/v1/webhooks/${id}/deliveries`).then((r) => r.items),
    refetchInterval: (query) => {
      const now = Date.now();
      if (now < watchUntil) return 2000;
      const pending = (query.state.data ?? []).filter((d) => d.status === "pending");
      if (pending.length === 0) return false;
      const soon = pending.some((d) => !d.nextAttemptAt || Date.parse(d.nextAttemptAt) - now < 60_000);
      return soon ? 2000 : 15_000;
    },
  });
}

/** Badge tone of a delivery status. */
export const statusTone = { pending: "info", succeeded: "ok", failed: "crit" } as const;
