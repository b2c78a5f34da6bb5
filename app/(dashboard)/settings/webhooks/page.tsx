import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WebhooksPanel } from "@/components/settings/webhooks-panel";
import { requirePrincipal } from "@/lib/auth";
import { can } from "@/lib/permissions";
import { eventTypes } from "@/lib/services/events";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const principal = await requirePrincipal();
  if (!can(principal, "admin")) notFound();
  return <WebhooksPanel eventTypes={[...eventTypes]} />;
}
