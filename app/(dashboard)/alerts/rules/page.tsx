import type { Metadata } from "next";
import { NewRuleDialog, RulesPanel } from "@/components/alerts/rules-panel";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { PageHeader } from "@/components/ui/page-header";
import { requirePrincipal } from "@/lib/auth";
import { can } from "@/lib/permissions";

export const metadata: Metadata = { title: "Alert rules" };

export default async function AlertRulesPage() {
  const principal = await requirePrincipal();
  const canWrite = can(principal, "write");
  return (
    <>
      <Breadcrumb steps={[{ label: "Alerts", href: "/alerts" }, { label: "Rules" }]} />
      <PageHeader
        title="Alert rules"
        description="What is checked every 30 seconds on each active deployment: metric thresholds, missing data, drift, and the rules derived from each model's requirements (change those on the model; here you may only switch them off)."
        actions={canWrite ? <NewRuleDialog /> : null}
      />
      <RulesPanel canWrite={canWrite} />
    </>
  );
}
