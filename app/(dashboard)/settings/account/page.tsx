import type { Metadata } from "next";
import { AccountPanel } from "@/components/settings/account-panel";
import { requirePrincipal } from "@/lib/auth";
import { roleLabels } from "@/lib/permissions";
import { getAccount } from "@/lib/services/users";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const principal = await requirePrincipal();
  const account = await getAccount(principal.user.id);
  return (
    <AccountPanel
      user={{
        name: principal.user.name,
        email: principal.user.email,
        role: roleLabels[principal.user.role],
      }}
      hasPassword={account.hasPassword}
      sso={account.sso}
    />
  );
}
