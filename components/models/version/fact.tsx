import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/** One labelled fact in a card's list (`<dl>`); a missing value shows as a dash. */
export function Fact({
  label,
  children,
  mono,
}: {
  label: string;
  children: ReactNode;
  mono?: boolean;
}) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-3 border-b border-border py-1.5 text-sm last:border-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className={cn("min-w-0 break-all", mono && "font-mono text-xs")}>
        {children ?? <span className="text-muted">—</span>}
      </dd>
    </div>
  );
}
