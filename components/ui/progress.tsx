import { cn } from "@/lib/cn";

/** A thin progress bar with its count, e.g. checklist 12/23. */
export function Progress({
  done,
  total,
  className,
  label,
}: {
  done: number;
  total: number;
  className?: string;
  label?: string;
}) {
  const pct = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div className={cn("flex items-center gap-2", className)} title={`${done} of ${total} done`}>
      <div
        className="h-1.5 w-20 overflow-hidden rounded-full bg-surface-2"
        role="progressbar"
        aria-label={label ?? "Progress"}
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div
          className={cn("h-full rounded-full", pct === 100 ? "bg-ok" : "bg-accent")}
          style={{ width: `${pct}%` }}
        />
      </div>
      <span className="text-xs tabular-nums text-muted">
        {done}/{total}
      </span>
    </div>
  );
}
