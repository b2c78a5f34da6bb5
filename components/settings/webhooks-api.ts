"use client";

import type { ApiResult } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { webhookLinks } from "@/lib/endpoints/links";

// Webhooks, for the admin settings page: the react-query hooks that read them, typed by the
// endpoint specs.

export type WebhookData = ApiResult<typeof webhookLinks.list>["items"][number];
export type DeliveryData = ApiResult<typeof webhookLinks.deliveries>["items"][number];

export function useWebhooks() {
  return useApi(webhookLinks.list, {}, { select: (page) => page.items });
}

/**
 * A webhook's delivery log. Polls every 2 s while a delivery is due soon (or while `watchUntil`,
 * set by "Send test", has not passed), every 15 s while one waits for a later retry, else never.
 */
export function useDeliveries(id: string, watchUntil = 0) {
  return useApi(
    webhookLinks.deliveries,
    { params: { id } },
    {
      select: (page) => page.items,
      refetchInterval: (query) => {
        const now = Date.now();
        if (now < watchUntil) return 2000;
        const pending = (query.state.data?.items ?? []).filter((d) => d.status === "pending");
        if (pending.length === 0) return false;
        const soon = pending.some(
          (d) => !d.nextAttemptAt || Date.parse(d.nextAttemptAt) - now < 60_000,
        );
        return soon ? 2000 : 15_000;
      },
    },
  );
}

/** Badge tone of a delivery status. */
export const statusTone = { pending: "info", succeeded: "ok", failed: "crit" } as const;
