import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { DeploymentTitle } from "@/components/deployments/deployment-title";
import { DeploymentMonitor } from "@/components/monitoring/deployment-monitor";
import { EmergencyBadge, EmergencyBanner } from "@/components/targets/emergency-banner";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePrincipal } from "@/lib/auth";
import { can } from "@/lib/permissions";
import { orNotFound } from "@/lib/pages";
import { ReleaseComparison } from "@/components/deployments/release-comparison";
import { DeliveryNote } from "@/components/deployments/delivery-note";
import { RolloutList } from "@/components/rollouts/rollout-list";
import { RolloutView } from "@/components/rollouts/rollout-view";
import { getDeployment } from "@/lib/services/deployments";
import { listRollouts } from "@/lib/services/rollouts";
import { endpointOfDeployment } from "@/lib/services/endpoints";
import { getModel } from "@/lib/services/models";
import { releaseComparison } from "@/lib/services/monitoring";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePrincipal();
  const { id } = await params;
  try {
    const d = await getDeployment(id);
    return { title: `${d.modelName} v${d.version} on ${d.targetName}` };
  } catch {
    return { title: "Deployment" };
  }
}

const statusTones: Record<string, "ok" | "neutral" | "warn" | "crit" | "info"> = {
  active: "ok",
  rolled_back: "warn",
  failed: "crit",
  pending: "info",
};

const COMPARE_DAYS = 7;

/** The endpoint before and after this deployment's release (read while the charts load). */
async function Comparison({ model, target, id }: { model: string; target: string; id: string }) {
  const comparison = await releaseComparison(model, target, { deployment: id, days: COMPARE_DAYS });
  return <ReleaseComparison comparison={comparison} days={COMPARE_DAYS} />;
}

/**
 * One deployment and its endpoint's monitoring: the header here (the breadcrumb is the
 * layout's); the charts show the endpoint (its model on its target) across every release, with
 * a marker at each, and load in the browser.
 */
export default async function DeploymentPage({ params }: Props) {
  const principal = await requirePrincipal();
  const { id } = await params;
  const d = await orNotFound(getDeployment(id));
  const [model, endpoint, rollouts] = await Promise.all([
    orNotFound(getModel(d.model)),
    endpointOfDeployment(d.id),
    listRollouts({ deployment: d.id, limit: 10 }),
  ]);
  const req = model.requirements;
  // The canary's own rollout is shown in full here; others it took part in are listed.
  const ownRollout = rollouts.items.find((r) => r.canaryId === d.id) ?? null;
  const released = endpoint.releases.some((r) => r.deploymentId === d.id);

  return (
    <>
      <PageHeader
        title={
          <DeploymentTitle deployment={d}>
            <Badge tone={statusTones[d.status] ?? "neutral"}>{d.status.replace("_", " ")}</Badge>
            {d.canary ? <Badge tone="info">canary</Badge> : null}
            {d.emergency ? <EmergencyBadge active={d.status === "active"} /> : null}
          </DeploymentTitle>
        }
        description={
          <span className="flex flex-wrap gap-x-4 gap-y-1">
            <span>
              {d.status === "active" ? "Serving since " : "Served from "}
              <RelativeTime value={d.activatedAt} />
              {d.endedAt ? (
                <>
                  {" "}
                  until <RelativeTime value={d.endedAt} />
                </>
              ) : null}
              {d.trafficPercent !== 100 ? ` · ${d.trafficPercent}% of traffic` : ""}
            </span>
            <span>
              Charts follow {d.modelName} on {d.targetName} across{" "}
              {endpoint.releases.length === 1
                ? "its release"
                : `${endpoint.releases.length} releases`}
            </span>
            {req?.latencyP95Ms != null ? <span>p95 latency ≤ {req.latencyP95Ms} ms</span> : null}
            {req?.maxErrorRate != null ? (
              <span>errors ≤ {(req.maxErrorRate * 100).toFixed(2)} %</span>
            ) : null}
            {req?.minMetricName && req.minMetricValue != null ? (
              <span>
                {req.minMetricName} ≥ {req.minMetricValue}
              </span>
            ) : null}
          </span>
        }
      />
      {d.emergency && d.status === "active" ? <EmergencyBanner deployment={d} /> : null}
      {d.delivery ? <DeliveryNote delivery={d.delivery} /> : null}
      {ownRollout ? (
        <section aria-label="Canary rollout" className="mb-5">
          <h2 className="mb-2 text-sm font-semibold">
            Canary rollout{" "}
            <Link href={`/rollouts/${ownRollout.id}`} className="text-xs font-normal underline">
              open on its own page
            </Link>
          </h2>
          <RolloutView
            initial={ownRollout}
            canSteer={can(principal, d.environment === "production" ? "approve" : "promote")}
          />
        </section>
      ) : null}
      <RolloutList rollouts={rollouts.items.filter((r) => r.id !== ownRollout?.id)} />
      {released ? (
        <Suspense>
          <Comparison model={d.model} target={d.target} id={d.id} />
        </Suspense>
      ) : null}
      <Suspense>
        <DeploymentMonitor
          deploymentId={d.id}
          endpoint={{
            path: `/api/v1/models/${endpoint.model}/targets/${endpoint.target}`,
            releases: endpoint.releases.map((r) => ({
              t: r.activatedAt.getTime(),
              label: `v${r.version}${r.rollback ? " (rollback)" : ""}`,
            })),
          }}
          requirements={
            req
              ? {
                  latencyP95Ms: req.latencyP95Ms,
                  maxErrorRate: req.maxErrorRate,
                  minMetricName: req.minMetricName,
                  minMetricValue: req.minMetricValue,
                }
              : null
          }
        />
      </Suspense>
    </>
  );
}
