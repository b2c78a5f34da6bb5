import type { Metadata } from "next";
import { TokensPanel } from "@/components/settings/tokens-panel";
import { requirePrincipal } from "@/lib/auth";
import { can, scopesForRole } from "@/lib/permissions";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const principal = await requirePrincipal();
  return (
    <TokensPanel
      allowedScopes={scopesForRole(principal.user.role)}
      admin={can(principal, "admin")}
    />
  );
}
