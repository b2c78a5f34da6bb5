import type { Metadata } from "next";
import { AccountPanel } from "@/components/settings/account-panel";
import { requirePrincipal } from "@/lib/auth";
import { db } from "@/lib/db";
import { roleLabels } from "@/lib/permissions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const principal = await requirePrincipal();
  const row = await db.user.findUnique({ where: { id: principal.user.id }, select: { passwordHash: true, oidcSubject: true } });
  return (
    <AccountPanel
      user={{ name: principal.user.name, email: principal.user.email, role: roleLabels[principal.user.role] }}
      hasPassword={Boolean(row?.passwordHash)}
      sso={Boolean(row?.oidcSubject)}
    />
  );
}
