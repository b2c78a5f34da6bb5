import { History, Rocket } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { DeploymentTimeline, TimelineLegend } from "@/components/targets/deployment-timeline";
import { EditTargetDialog } from "@/components/targets/edit-target-dialog";
import { EmergencyBadge, EmergencyBanner } from "@/components/targets/emergency-banner";
import { HistoryTable } from "@/components/targets/history-table";
import { RollbackDialog } from "@/components/targets/rollback-dialog";
import { kindLabels } from "@/components/targets/status";
import { buildTimeline } from "@/components/targets/timeline";
import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePrincipal } from "@/lib/auth";
import { formatBytes } from "@/lib/format";
import { orNotFound } from "@/lib/pages";
import { can, type Principal } from "@/lib/permissions";
import { listDeployments, targetHistory } from "@/lib/services/deployments";
import type { TargetDto } from "@/lib/schemas/targets";
import { getTarget } from "@/lib/services/targets";

type Props = { params: Promise<{ slug: string }> };

/** How many deployments the timeline draws (and the history table starts from). */
const HISTORY_LIMIT = 200;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePrincipal();
  const { slug } = await params;
  return { title: slug };
}

async function load(slug: string) {
  await requirePrincipal("read");
  const target = await orNotFound(getTarget(slug));
  const [history, running] = await Promise.all([
    targetHistory(slug, { limit: HISTORY_LIMIT }),
    listDeployments({ target: slug, status: "active", limit: 100 }),
  ]);
  return { target, history, running: running.items, now: new Date() };
}

/** Production rollbacks need an approver; staging ones an editor (the API enforces the same). */
function canRollBack(principal: Principal, target: TargetDto) {
  return can(principal, target.environment === "production" ? "approve" : "promote");
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 border-b border-border py-1.5 last:border-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-right text-sm tabular-nums">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted">not set</span>;

export default async function TargetPage({ params }: Props) {
  const principal = await requirePrincipal();
  const { slug } = await params;
  const { target, history, running, now } = await load(slug);
  const timeline = buildTimeline(history.items, now);
  const versionOf = new Map(history.items.map((d) => [d.id, d.version]));
  const mayRollBack = canRollBack(principal, target);
  const { hardware, scaling } = target;

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
            <EditTargetDialog target={target} isAdmin={can(principal, "admin")} />
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
        <Card>
          <CardHeader
            title="Facts"
            description="What the target offers, and who must agree before something ships here."
          />
          <dl className="px-4 py-2">
            <Fact label="CPU cores">{hardware.cpuCores ?? none}</Fact>
            <Fact label="Memory">
              {hardware.memoryMb !== null
                ? `${formatBytes(hardware.memoryMb * 1024 * 1024)} (${hardware.memoryMb} MB)`
                : none}
            </Fact>
            <Fact label="GPU">{hardware.gpu ?? <span className="text-muted">none</span>}</Fact>
            <Fact label="Replicas">
              {scaling.minReplicas}–{scaling.maxReplicas}
            </Fact>
            <Fact label="Compliance">
              {target.complianceTags.length ? (
                <span className="flex flex-wrap justify-end gap-1">
                  {target.complianceTags.map((t) => (
                    <Badge key={t}>{t}</Badge>
                  ))}
                </span>
              ) : (
                none
              )}
            </Fact>
            <Fact label="Required approvals">
              {target.requiredApprovals === 0
                ? "none"
                : `${target.requiredApprovals} approver${target.requiredApprovals === 1 ? "" : "s"}`}
            </Fact>
          </dl>
        </Card>

        <Card>
          <CardHeader
            title="Running now"
            description={
              mayRollBack
                ? "Active deployments, one per model. Rolling back re-activates the version that ran before."
                : `Active deployments, one per model. Rolling back here needs ${target.environment === "production" ? "an approver" : "an editor"}.`
            }
          />
          {running.length === 0 ? (
            <p className="px-4 py-6 text-sm text-muted">Nothing runs here now.</p>
          ) : (
            <ul className="divide-y divide-border">
              {running.map((d) => (
                <li
                  key={d.id}
                  className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2 text-sm"
                >
                  <div className="min-w-0">
                    <Link href={`/models/${d.model}`} className="font-medium hover:underline">
                      {d.modelName}
                    </Link>{" "}
                    <Link
                      href={`/models/${d.model}/versions/${d.version}`}
                      className="font-mono text-xs hover:underline"
                    >
                      v{d.version}
                    </Link>
                    {d.emergency ? (
                      <>
                        {" "}
                        <EmergencyBadge active />
                      </>
                    ) : null}
                    <div className="text-xs text-muted">
                      since <RelativeTime value={d.activatedAt} /> · deployed by{" "}
                      {d.deployedBy?.name ?? "—"}
                      {d.rollbackReason ? ` · restored by a rollback: ${d.rollbackReason}` : ""}
                    </div>
                  </div>
                  {mayRollBack ? (
                    <RollbackDialog
                      deploymentId={d.id}
                      modelName={d.modelName}
                      version={d.version}
                      previousVersion={d.previousId ? (versionOf.get(d.previousId) ?? null) : null}
                      hasPrevious={d.previousId !== null}
                      targetName={target.name}
                      canOverride={can(principal, "admin")}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

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
