import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { requirePrincipal } from "@/lib/auth";
import { can } from "@/lib/permissions";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const principal = await requirePrincipal();
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your account, people and their roles, and the API tokens that pipelines and model servers use."
      />
      <SettingsTabs admin={can(principal, "admin")} />
      {children}
    </>
  );
}
