import type { Metadata } from "next";
import Link from "next/link";
import { rolloutTones } from "@/components/rollouts/rollout-states";
import { RolloutView } from "@/components/rollouts/rollout-view";
import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePrincipal } from "@/lib/auth";
import { orNotFound } from "@/lib/pages";
import { can } from "@/lib/permissions";
import { getDeployment } from "@/lib/services/deployments";
import { getRollout } from "@/lib/services/rollouts";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePrincipal();
  const { id } = await params;
  try {
    const r = await getRollout(id);
    return { title: `Canary ${r.model} v${r.version} on ${r.target}` };
  } catch {
    return { title: "Rollout" };
  }
}

/** One canary rollout: its steps as a timeline, each verdict with its numbers, the overlaid series. */
export default async function RolloutPage({ params }: Props) {
  const principal = await requirePrincipal("read");
  const { id } = await params;
  const r = await orNotFound(getRollout(id));
  const canary = await getDeployment(r.canaryId);
  const canSteer = can(principal, canary.environment === "production" ? "approve" : "promote");
  return (
    <>
      <Breadcrumb
        steps={[
          { label: "Targets", href: "/targets" },
          { label: canary.targetName, href: `/targets/${r.target}` },
          { label: `Canary v${r.version}` },
        ]}
      />
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            Canary of {canary.modelName} v{r.version}
            <Badge tone={rolloutTones[r.state]}>{r.state.replace("_", " ")}</Badge>
            <EnvironmentBadge environment={canary.environment} />
          </span>
        }
        description={
          <span className="flex flex-wrap gap-x-4 gap-y-1">
            <span>
              On <Link href={`/targets/${r.target}`}>{canary.targetName}</Link> beside{" "}
              <Link href={`/deployments/${r.stableId}`}>stable v{r.stableVersion}</Link>
            </span>
            <span>
              Started <RelativeTime value={r.createdAt} />
            </span>
            <Link href={`/deployments/${r.canaryId}`}>Canary deployment</Link>
            <Link href={`/promotions?view=all#promotion-${r.promotionId}`}>Promotion</Link>
          </span>
        }
      />
      <RolloutView initial={r} canSteer={canSteer} />
    </>
  );
}
