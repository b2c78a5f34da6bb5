import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import type { ApiResult } from "@/lib/client/api";
import { cn } from "@/lib/cn";
import type { promotionEndpoints } from "@/lib/endpoints/promotions";

export type TargetFit = ApiResult<typeof promotionEndpoints.targets>["items"][number];

/** A target the version can still be sent to: not running it, not waiting for approval to it. */
export const isOpen = (f: TargetFit) => !f.active && !f.pendingPromotionId;

/** One target as a radio: its name, environment, fit (and why not) and approvals needed. */
export function TargetOption({
  f,
  checked,
  onPick,
}: {
  f: TargetFit;
  checked: boolean;
  onPick: () => void;
}) {
  const open = isOpen(f);
  return (
    <label
      className={cn(
        "flex cursor-pointer gap-3 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent",
        checked ? "border-accent bg-accent/5" : "border-border hover:bg-surface-2",
        !open && "cursor-not-allowed opacity-60",
      )}
    >
      <input
        type="radio"
        name="target"
        value={f.target}
        checked={checked}
        disabled={!open}
        onChange={onPick}
        className="mt-1 accent-[var(--color-accent)]"
      />
      <span className="min-w-0 flex-1">
        <span className="flex flex-wrap items-center gap-1.5">
          <span className="font-medium">{f.name}</span>
          <span className="font-mono text-xs text-muted">{f.target}</span>
          <EnvironmentBadge environment={f.environment} />
          {f.active ? (
            <Badge tone="ok">running</Badge>
          ) : f.pendingPromotionId ? (
            <Badge tone="warn">awaiting approval</Badge>
          ) : f.fits ? (
            <Badge tone="ok">fits</Badge>
          ) : (
            <Badge tone="crit">does not fit</Badge>
          )}
        </span>
        <span className="block text-xs text-muted">
          {f.requiredApprovals === 0
            ? "deploys at once, no approval"
            : `${f.requiredApprovals} approval${f.requiredApprovals > 1 ? "s" : ""} needed`}
        </span>
        {!f.fits && open ? (
          <ul className="mt-0.5 list-disc pl-4 text-xs text-crit">
            {f.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : null}
      </span>
    </label>
  );
}
