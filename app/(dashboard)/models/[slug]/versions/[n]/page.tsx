import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChecklistBoard } from "@/components/checklist/checklist-board";
import { ArchivedNote } from "@/components/models/version/archived-note";
import { VersionDeployments } from "@/components/models/version/deployments-section";
import { VersionOverview } from "@/components/models/version/overview";
import { VersionPromotions } from "@/components/models/version/promotions-section";
import { intended, openRequired } from "@/components/models/version/readiness-links";
import { type GateStanding, VersionHeader } from "@/components/models/version/version-header";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Tabs } from "@/components/ui/tabs";
import { requirePrincipal } from "@/lib/auth";
import { can, type Principal } from "@/lib/permissions";
import { orNotFound } from "@/lib/pages";
import type { ChecklistDto } from "@/lib/schemas/checklist";
import type { VersionDto } from "@/lib/schemas/versions";
import { getChecklist, listAssignees, versionIdOf } from "@/lib/services/checklist/items";
import { listVersionDeployments, rollbackOfVersion } from "@/lib/services/deployments";
import { findReference } from "@/lib/services/reference";
import { getModelName } from "@/lib/services/models";
import { listPromotions, previewGates, targetFitsFor } from "@/lib/services/promotions/requests";
import { getVersion, versionFrozen } from "@/lib/services/versions";

type Props = {
  params: Promise<{ slug: string; n: string }>;
  searchParams: Promise<{ tab?: string }>;
};

const tabs = [
  { key: "overview", label: "Overview" },
  { key: "checklist", label: "Checklist" },
  { key: "promotions", label: "Promotions" },
  { key: "monitoring", label: "Monitoring" },
] as const;

async function load(slug: string, n: string) {
  await requirePrincipal("read");
  const number = Number(n);
  if (!Number.isInteger(number) || number < 1) notFound();
  return orNotFound(getVersion(slug, number));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePrincipal();
  const { slug, n } = await params;
  return { title: `${slug} v${n}` };
}

export default async function VersionPage({ params, searchParams }: Props) {
  const principal = await requirePrincipal();
  const { slug, n } = await params;
  const asked = (await searchParams).tab;
  const tab = tabs.some((t) => t.key === asked) ? asked! : "overview";
  const v = await load(slug, n);
  const modelName = await getModelName(slug);
  const checklist = await getChecklist(v.id);
  const rollback = v.stage === "archived" ? await rollbackOfVersion(v.id) : null;

  return (
    <>
      <Breadcrumb
        steps={[
          { label: "Models", href: "/models" },
          { label: slug, href: `/models/${slug}`, mono: true },
          { label: `v${v.version}`, mono: true },
        ]}
      />
      <VersionHeader
        modelName={modelName}
        v={v}
        checklist={checklist}
        gates={await gateStanding(slug, v, checklist)}
      />
      {rollback ? <ArchivedNote slug={slug} rollback={rollback} /> : null}
      <Tabs
        label="Version sections"
        className="mb-4"
        items={tabs.map((t) => ({
          key: t.key,
          href: t.key === "overview" ? `/models/${slug}/versions/${v.version}` : `?tab=${t.key}`,
          current: tab === t.key,
          label: t.label,
        }))}
      />
      {await tabContent(tab, { slug, v, principal, checklist })}
    </>
  );
}

/**
 * When the metrics and the checklist are in order, the other blocking gates (target fit,
 * critical alerts) for the target the version is headed to: the header is green only if they pass.
 */
async function gateStanding(
  slug: string,
  v: VersionDto,
  checklist: ChecklistDto,
): Promise<GateStanding> {
  if (v.requirementChecks.some((c) => !c.passed) || openRequired(checklist) > 0) return null;
  const target = intended((await targetFitsFor(slug, v.version)).items)[0];
  if (!target) return null;
  const { gates } = await previewGates(slug, v.version, target.target);
  return {
    target: target.name,
    failed: gates.filter((g) => g.blocking && !g.passed).map((g) => g.title),
  };
}

/** The open tab, each reading only what it shows. */
async function tabContent(
  tab: string,
  {
    slug,
    v,
    principal,
    checklist,
  }: { slug: string; v: VersionDto; principal: Principal; checklist: ChecklistDto },
) {
  const n = v.version;
  switch (tab) {
    case "checklist": {
      const versionId = await versionIdOf(slug, n);
      const [initial, people] = await Promise.all([getChecklist(versionId), listAssignees()]);
      return (
        <ChecklistBoard
          slug={slug}
          n={n}
          initial={initial}
          canEdit={can(principal, "write")}
          canWaiveRequired={can(principal, "approve")}
          me={{ id: principal.user.id, name: principal.user.name }}
          people={people}
        />
      );
    }
    case "promotions": {
      const [fits, requests] = await Promise.all([
        targetFitsFor(slug, n),
        listPromotions({ model: slug, version: n, limit: 50 }),
      ]);
      return (
        <VersionPromotions
          slug={slug}
          n={n}
          fits={fits.items}
          requests={requests.items}
          me={principal.user.id}
          canRequest={can(principal, "promote")}
          canApprove={can(principal, "approve")}
          isAdmin={can(principal, "admin")}
        />
      );
    }
    case "monitoring":
      return <VersionDeployments deployments={await listVersionDeployments(v.id)} />;
    default: {
      const [reference, fits, frozen] = await Promise.all([
        findReference(slug, n),
        targetFitsFor(slug, n),
        versionFrozen(v.id),
      ]);
      return (
        <VersionOverview
          v={v}
          slug={slug}
          reference={reference}
          canUpload={can(principal, "write")}
          frozen={frozen}
          fits={fits.items}
          checklist={checklist}
        />
      );
    }
  }
}
