import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import type { releaseComparison } from "@/lib/services/monitoring";

type Comparison = Awaited<ReturnType<typeof releaseComparison>>;
type Figures = Comparison["before"];

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(2)} %`);
const ms = (v: number | null) => (v === null ? "—" : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const count = (v: number) => v.toLocaleString("en-US");

/** One row: the figure before and after, and whether the release made it better or worse. */
const rows: {
  label: string;
  value: (f: Figures) => number | null;
  format: (v: number | null) => string;
  /** Which way is better: lower latency and errors, higher accuracy; requests are neither. */
  better?: "lower" | "higher";
}[] = [
  { label: "Requests", value: (f) => f.requests, format: (v) => (v === null ? "—" : count(v)) },
  { label: "Latency p95", value: (f) => f.latencyP95, format: ms, better: "lower" },
  { label: "Error rate", value: (f) => f.errorRate, format: pct, better: "lower" },
  { label: "Accuracy", value: (f) => f.accuracy, format: pct, better: "higher" },
];

function verdict(before: number | null, after: number | null, better?: "lower" | "higher") {
  if (before === null || after === null || !better || before === after) return null;
  const improved = better === "lower" ? after < before : after > before;
  const change = before === 0 ? null : ((after - before) / Math.abs(before)) * 100;
  return { improved, change };
}

/** The endpoint the week before this release and since: did the release help? */
export function ReleaseComparison({
  comparison: c,
  days,
}: {
  comparison: Comparison;
  days: number;
}) {
  const from = c.previousVersion === null ? "before" : `v${c.previousVersion}`;
  return (
    <Card className="mb-4">
      <CardHeader
        title={`Before and after v${c.release.version}${c.release.rollback ? " (rollback)" : ""}`}
        description={
          c.before.requests === 0
            ? `The endpoint had no traffic in the ${days} days before this release; the ${days} days after it (up to now) are on the right.`
            : `The endpoint ${days} days before this release and the ${days} days after it (up to now).`
        }
      />
      <table className="w-full text-sm" data-testid="release-comparison">
        <thead className="text-left text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Measure
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              {from}
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              v{c.release.version}
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const b = r.value(c.before);
            const a = r.value(c.after);
            const v = verdict(b, a, r.better);
            return (
              <tr key={r.label} className="border-t border-border">
                <th scope="row" className="px-4 py-1.5 text-left font-normal">
                  {r.label}
                </th>
                <td className="px-4 py-1.5 text-right tabular-nums">{r.format(b)}</td>
                <td className="px-4 py-1.5 text-right tabular-nums">{r.format(a)}</td>
                <td
                  className={cn(
                    "px-4 py-1.5 text-right tabular-nums",
                    v?.improved === true && "text-ok",
                    v?.improved === false && "text-crit",
                  )}
                >
                  {v === null
                    ? "—"
                    : `${v.improved ? "better" : "worse"}${v.change === null ? "" : ` (${v.change > 0 ? "+" : ""}${v.change.toFixed(0)} %)`}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
