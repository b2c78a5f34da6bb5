import type { Metadata } from "next";
import { WebhooksPanel } from "@/components/settings/webhooks-panel";
import { requirePrincipal } from "@/lib/auth";
import { eventTypes } from "@/lib/schemas/events";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePrincipal("admin");
  return <WebhooksPanel eventTypes={[...eventTypes]} />;
}
