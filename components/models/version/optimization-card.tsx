import { OptimizationChart } from "@/components/charts/lazy";
import { Card, CardHeader } from "@/components/ui/card";
import { optimizationRows } from "@/lib/charts/versions";
import { cn } from "@/lib/cn";
import { formatBeforeAfter, formatPct } from "@/lib/format";
import type { VersionDto } from "@/lib/schemas/versions";

/** Stage 2 (pruning, quantization or distillation): each measure before and after. */
export function OptimizationCard({ v }: { v: VersionDto }) {
  const rows = optimizationRows(v.optimization);
  return (
    <Card>
      <CardHeader
        title="Optimization"
        description={
          v.optimization
            ? `Stage 2: ${v.optimization.technique}`
            : "Stage 2: pruning, quantization or distillation, before vs after."
        }
      />
      {v.optimization && rows.length ? (
        <div className="px-4 py-3">
          <OptimizationChart rows={rows} />
          <ul className="mt-2 grid grid-cols-3 gap-2 text-center text-xs">
            {rows.map((r) => (
              <li key={r.key} className="rounded border border-border p-2">
                <div className="text-muted">{r.label}</div>
                <div
                  className={cn(
                    "text-sm font-semibold tabular-nums",
                    Math.abs(r.changePct) < 0.05
                      ? "text-muted"
                      : r.improved
                        ? "text-ok"
                        : "text-crit",
                  )}
                >
                  {formatPct(r.changePct)}
                </div>
                <div className="text-muted tabular-nums">
                  {formatBeforeAfter(r.before, r.after, r.unit)}
                </div>
              </li>
            ))}
          </ul>
          {v.optimization.notes ? (
            <p className="mt-2 text-xs text-muted">{v.optimization.notes}</p>
          ) : null}
        </div>
      ) : (
        <p className="px-4 py-6 text-sm text-muted">No optimization record for this version.</p>
      )}
    </Card>
  );
}
