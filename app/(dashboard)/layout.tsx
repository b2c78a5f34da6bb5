import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { currentPrincipal } from "@/lib/auth";
import { env } from "@/lib/env";
import { attentionCounts } from "@/lib/services/attention";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  if (!principal) redirect("/login");
  return (
    <AppShell user={principal.user} attention={await attentionCounts()} demo={env().MODELGATE_DEMO}>
      {children}
    </AppShell>
  );
}
