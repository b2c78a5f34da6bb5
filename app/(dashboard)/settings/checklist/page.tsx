import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TemplatesPanel } from "@/components/settings/templates-panel";
import { requirePrincipal } from "@/lib/auth";
import { can } from "@/lib/permissions";

export const metadata: Metadata = { title: "Checklist templates" };

export default async function ChecklistTemplatesPage() {
  const principal = await requirePrincipal();
  if (!can(principal, "admin")) notFound();
  return <TemplatesPanel />;
}
