import { GitCommitHorizontal } from "lucide-react";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DeliverySummaryDto } from "@/lib/schemas/deliveries";

/**
 * Where this deployment's manifest stands in the target's deployment repository: committed
 * (short id, file), still pending (with the last error and the next attempt), or failed.
 */
export function DeliveryNote({ delivery: d }: { delivery: DeliverySummaryDto }) {
  if (d.state === "committed")
    return (
      <p className="mb-4 flex items-center gap-1.5 text-sm text-muted" data-testid="delivery-note">
        <GitCommitHorizontal aria-hidden className="size-4" />
        Manifest committed <span className="font-mono text-fg">
          {d.commit?.slice(0, 10)}
        </span> to <span className="font-mono">{d.path}</span>
        {d.committedAt ? (
          <>
            {" "}
            <RelativeTime value={d.committedAt} />
          </>
        ) : null}
      </p>
    );
  return (
    <div
      role={d.state === "failed" ? "alert" : "status"}
      data-testid="delivery-note"
      className={
        d.state === "failed"
          ? "mb-4 rounded-md border border-crit/40 bg-crit-bg px-3 py-2 text-sm"
          : "mb-4 rounded-md border border-border bg-surface-2 px-3 py-2 text-sm"
      }
    >
      <p className={d.state === "failed" ? "font-medium text-crit" : "font-medium"}>
        {d.state === "pending"
          ? `Manifest not committed yet (${d.attempts} attempt${d.attempts === 1 ? "" : "s"} so far).`
          : d.attempts === 0
            ? "Delivery failed: no manifest could be made, so nothing was committed and the cluster does not run this."
            : `Delivery failed after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}: the cluster does not run this yet.`}
      </p>
      {d.error ? <p className="mt-1 font-mono text-xs break-all">{d.error}</p> : null}
      {d.state === "pending" && d.nextAttemptAt ? (
        <p className="mt-1 text-xs text-muted">
          Next attempt <RelativeTime value={d.nextAttemptAt} />.
        </p>
      ) : null}
    </div>
  );
}
