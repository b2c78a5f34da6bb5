import type { Metadata } from "next";
import { TemplatesPanel } from "@/components/settings/templates-panel";
import { requirePrincipal } from "@/lib/auth";

export const metadata: Metadata = { title: "Checklist templates" };

export default async function ChecklistTemplatesPage() {
  await requirePrincipal("admin");
  return <TemplatesPanel />;
}
