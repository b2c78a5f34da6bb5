import { TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { DeploymentDto } from "@/lib/schemas/promotions";

export const EMERGENCY_WARNING =
  "Emergency rollback — not approved under the policy; promote a version normally to clear this";

/**
 * The warning an active emergency rollback carries on its deployment and target pages: an
 * admin overrode failed gates, and nothing approved it since. A normal promotion replaces the
 * deployment, and the warning goes with it.
 */
export function EmergencyBanner({
  deployment,
  showModel,
}: {
  deployment: DeploymentDto;
  showModel?: boolean;
}) {
  const gates = deployment.emergencyGates ?? [];
  return (
    <div
      role="status"
      className="mb-5 flex gap-3 rounded-md border border-crit/50 bg-crit-bg px-4 py-3 text-sm"
    >
      <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-crit" />
      <div className="min-w-0 space-y-1">
        <p className="font-medium text-crit">{EMERGENCY_WARNING}</p>
        <p className="text-xs text-fg">
          {showModel ? `${deployment.modelName} v${deployment.version} was restored` : "Restored"}{" "}
          by {deployment.deployedBy?.name ?? "an admin"}, overriding{" "}
          {gates.length
            ? `the failed gates: ${gates.map((g) => g.title).join("; ")}`
            : "the promotion gates"}
          .{deployment.rollbackReason ? ` Reason: ${deployment.rollbackReason}` : ""}
        </p>
      </div>
    </div>
  );
}

/** A small mark for tables and lists: this deployment was an emergency rollback. */
export function EmergencyBadge({ active }: { active: boolean }) {
  return (
    <Badge tone={active ? "crit" : "neutral"}>
      {active ? "emergency rollback" : "was an emergency rollback"}
    </Badge>
  );
}
