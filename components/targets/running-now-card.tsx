import Link from "next/link";
import { EmergencyBadge } from "@/components/targets/emergency-banner";
import { RollbackDialog } from "@/components/targets/rollback-dialog";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DeploymentDto } from "@/lib/schemas/promotions";
import type { TargetDto } from "@/lib/schemas/targets";

// What runs on a target now, one deployment per model, each with its rollback when the
// viewer may roll back (the page decides; the API enforces the same rule).

export function RunningNowCard({
  target,
  running,
  versionOf,
  rollback,
}: {
  target: TargetDto;
  running: DeploymentDto[];
  /** Version numbers of the deployments a rollback would restore, by deployment id. */
  versionOf: Map<string, number>;
  rollback: { allowed: boolean; canOverride: boolean };
}) {
  const mayRollBack = rollback.allowed;
  // A model with a canary here is in a rollout: it is steered from the rollout page.
  const inRollout = new Map(running.filter((d) => d.canary).map((d) => [d.model, d.rolloutId]));
  return (
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
                {inRollout.has(d.model) ? (
                  <span className="ml-1.5 text-xs text-muted">
                    {d.canary ? "canary" : "stable"} · {d.trafficPercent} %
                  </span>
                ) : null}
                <div className="text-xs text-muted">
                  since <RelativeTime value={d.activatedAt} /> · deployed by{" "}
                  {d.deployedBy?.name ?? "—"}
                  {d.rollbackReason ? ` · restored by a rollback: ${d.rollbackReason}` : ""}
                </div>
              </div>
              {inRollout.has(d.model) ? (
                <Link href={`/rollouts/${inRollout.get(d.model)}`} className="text-xs">
                  View rollout
                </Link>
              ) : mayRollBack ? (
                <RollbackDialog
                  deploymentId={d.id}
                  modelName={d.modelName}
                  version={d.version}
                  previousVersion={d.previousId ? (versionOf.get(d.previousId) ?? null) : null}
                  hasPrevious={d.previousId !== null}
                  targetName={target.name}
                  canOverride={rollback.canOverride}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
