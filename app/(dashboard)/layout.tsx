import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { currentPrincipal } from "@/lib/auth";
import { env } from "@/lib/env";
import { REQUEST_PATH_HEADER, loginPath } from "@/lib/safe-redirect";
import { attentionCounts } from "@/lib/services/attention";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  // Signed out: sign in, then come back to the page asked for.
  if (!principal) redirect(loginPath((await headers()).get(REQUEST_PATH_HEADER)));
  return (
    <AppShell user={principal.user} attention={await attentionCounts()} demo={env().MODELGATE_DEMO}>
      {children}
    </AppShell>
  );
}
