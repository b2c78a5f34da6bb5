import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import type { Gate } from "@/lib/schemas/promotions";
import { GateList } from "./gate-list";

/**
 * The gates for the chosen target, beside the target list: sticky on wide screens so they stay
 * in view while the list scrolls. `children` is what follows them (the reason and the button).
 */
export function GatesPanel({
  name,
  gates,
  refused,
  children,
}: {
  name: string | undefined;
  gates: { data: { gates: Gate[] } | undefined; error: Error | null };
  refused: Gate[] | undefined;
  children: ReactNode;
}) {
  return (
    <aside aria-label="Gates" className="space-y-3 lg:sticky lg:top-4 lg:self-start">
      <div>
        <div className="mb-2 text-xs font-medium text-muted">Gates{name ? ` for ${name}` : ""}</div>
        {!name ? (
          <p className="text-sm text-muted">
            Pick a target to see its gates: each is checked again when you request.
          </p>
        ) : gates.error ? (
          <p className="text-sm text-crit">Could not evaluate the gates: {gates.error.message}</p>
        ) : gates.data ? (
          <GateList gates={refused ?? gates.data.gates} />
        ) : (
          <div className="space-y-2" role="status" aria-label="Evaluating the gates">
            <Skeleton className="h-4 w-3/4" />
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-4 w-1/2" />
          </div>
        )}
      </div>
      {children}
    </aside>
  );
}
