import { History, Rocket } from "lucide-react";
import type { Metadata } from "next";
import { DeliveryCard } from "@/components/targets/delivery-card";
import { DeploymentTimeline, TimelineLegend } from "@/components/targets/deployment-timeline";
import { EditTargetDialog } from "@/components/targets/edit-target-dialog";
import { EmergencyBanner } from "@/components/targets/emergency-banner";
import { HistoryTable } from "@/components/targets/history-table";
import { RunningNowCard } from "@/components/targets/running-now-card";
import { kindLabels } from "@/components/targets/status";
import { TargetFactsCard } from "@/components/targets/target-facts-card";
import { buildTimeline } from "@/components/targets/timeline";
import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePrincipal } from "@/lib/auth";
import { env } from "@/lib/env";
import { orNotFound } from "@/lib/pages";
import { can, type Principal } from "@/lib/permissions";
import { RolloutList } from "@/components/rollouts/rollout-list";
import { listTargetDeliveries } from "@/lib/services/delivery";
import { listDeployments, targetHistory } from "@/lib/services/deployments";
import { listRollouts } from "@/lib/services/rollouts";
import type { TargetDto } from "@/lib/schemas/targets";
import { getTarget } from "@/lib/services/targets";

type Props = { params: Promise<{ slug: string }> };

/** How many deployments the timeline draws (and the history table starts from). */
const HISTORY_LIMIT = 200;
/** The latest manifest commits shown (all of them: GET /api/v1/targets/{slug}/deliveries). */
const DELIVERIES_SHOWN = 10;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePrincipal();
  const { slug } = await params;
  return { title: slug };
}

async function load(slug: string) {
  await requirePrincipal("read");
  const target = await orNotFound(getTarget(slug));
  const [history, running, rollouts, deliveries] = await Promise.all([
    targetHistory(slug, { limit: HISTORY_LIMIT }),
    listDeployments({ target: slug, status: "active", limit: 100 }),
    listRollouts({ target: slug, limit: 10 }),
    target.delivery.kind === "gitops"
      ? listTargetDeliveries(slug, { limit: DELIVERIES_SHOWN })
      : { items: [] },
  ]);
  return {
    target,
    history,
    running: running.items,
    rollouts: rollouts.items,
    deliveries: deliveries.items,
    now: new Date(),
  };
}

/** Production rollbacks need an approver; staging ones an editor (the API enforces the same). */
function canRollBack(principal: Principal, target: TargetDto) {
  return can(principal, target.environment === "production" ? "approve" : "promote");
}

export default async function TargetPage({ params }: Props) {
  const principal = await requirePrincipal();
  const { slug } = await params;
  const { target, history, running, rollouts, deliveries, now } = await load(slug);
  const timeline = buildTimeline(history.items, now);
  const versionOf = new Map(history.items.map((d) => [d.id, d.version]));
  const mayRollBack = canRollBack(principal, target);

  return (
    <>
      <Breadcrumb steps={[{ label: "Targets", href: "/targets" }, { label: target.name }]} />
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {target.name}
            <EnvironmentBadge environment={target.environment} />
            {target.archived ? <Badge tone="warn">archived</Badge> : null}
          </span>
        }
        description={target.description || "No description."}
        actions={
          can(principal, "write") ? (
            <EditTargetDialog
              target={target}
              isAdmin={can(principal, "admin")}
              allowLocal={env().MODELGATE_GITOPS_ALLOW_LOCAL}
            />
          ) : null
        }
      />
      <div className="mb-5 flex flex-wrap gap-x-6 gap-y-1 text-sm text-muted">
        <span>
          Slug <span className="font-mono text-fg">{target.slug}</span>
        </span>
        <span>
          Kind <span className="text-fg">{kindLabels[target.kind] ?? target.kind}</span>
        </span>
        <span>
          Provider{" "}
          <span className="text-fg">
            {target.provider}
            {target.region ? ` · ${target.region}` : ""}
          </span>
        </span>
        <span className="min-w-0 break-all">
          Endpoint <span className="font-mono text-fg">{target.endpoint ?? "—"}</span>
        </span>
        <span>
          Updated <RelativeTime value={target.updatedAt} />
        </span>
      </div>

      {running
        .filter((d) => d.emergency)
        .map((d) => (
          <EmergencyBanner key={d.id} deployment={d} showModel />
        ))}

      <div className="mb-5 grid items-start gap-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <TargetFactsCard target={target} />
        <RunningNowCard
          target={target}
          running={running}
          versionOf={versionOf}
          rollback={{ allowed: mayRollBack, canOverride: can(principal, "admin") }}
        />
      </div>

      <RolloutList rollouts={rollouts} />
      <DeliveryCard target={target} deliveries={deliveries} />

      <Card className="mb-5">
        <CardHeader
          title="Timeline"
          description={
            history.nextCursor
              ? `The latest ${history.items.length} deployments. Hover or focus a bar for its interval; open it for the version.`
              : "Every deployment on this target. Hover or focus a bar for its interval; open it for the version."
          }
          actions={timeline.rows.length ? <TimelineLegend /> : null}
        />
        {timeline.rows.length === 0 ? (
          <EmptyState icon={Rocket} title="Nothing has run here yet">
            Approved promotions to this target appear here as bars, one row per model.
          </EmptyState>
        ) : (
          <DeploymentTimeline timeline={timeline} />
        )}
      </Card>

      <Card>
        <CardHeader title="History" description="Newest activation first." />
        {history.items.length === 0 ? (
          <EmptyState icon={History} title="No deployments yet" />
        ) : (
          <HistoryTable
            slug={target.slug}
            initial={history.items}
            nextCursor={history.nextCursor}
          />
        )}
      </Card>
    </>
  );
}
