import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { RolloutDto } from "@/lib/schemas/rollouts";
import { cn } from "@/lib/cn";
import { rolloutTones, stepState } from "./rollout-states";

const chip = {
  passed: "border-ok/40 bg-ok-bg text-ok",
  failed: "border-crit/40 bg-crit-bg text-crit",
  running: "border-accent text-accent",
  paused: "border-warn/40 bg-warn-bg text-warn",
  waiting: "border-dashed border-border text-muted",
  skipped: "border-dashed border-border text-muted line-through",
};

/** Canary rollouts as a compact table: which version, where it stands, the last verdict. */
export function RolloutList({
  rollouts,
  title = "Canary rollouts",
}: {
  rollouts: RolloutDto[];
  title?: string;
}) {
  if (rollouts.length === 0) return null;
  return (
    <Card className="mb-5">
      <CardHeader title={title} />
      <Table stack>
        <thead>
          <tr>
            <Th>Rollout</Th>
            <Th>State</Th>
            <Th>Steps</Th>
            <Th>Last verdict</Th>
            <Th>Started</Th>
          </tr>
        </thead>
        <tbody>
          {rollouts.map((r) => {
            const last = r.verdicts.at(-1);
            return (
              <Tr key={r.id}>
                <Td>
                  <Link href={`/rollouts/${r.id}`} className="font-medium">
                    {r.model} v{r.version}
                  </Link>{" "}
                  <span className="text-xs text-muted">beside v{r.stableVersion}</span>
                </Td>
                <Td label="State">
                  <Badge tone={rolloutTones[r.state]}>{r.state.replace("_", " ")}</Badge>
                </Td>
                <Td label="Steps">
                  <ol
                    className="flex items-center gap-1 whitespace-nowrap"
                    aria-label={`Steps: ${r.steps.map((st, i) => `${st.percent} % ${stepState(r, i)}`).join(", ")}`}
                  >
                    {r.steps.map((st, i) => (
                      <li
                        key={i}
                        aria-hidden
                        className={cn(
                          "rounded border px-1.5 py-0.5 text-[11px] tabular-nums",
                          chip[stepState(r, i)],
                        )}
                      >
                        {st.percent} %
                      </li>
                    ))}
                    <li
                      aria-hidden
                      className={cn(
                        "rounded border px-1.5 py-0.5 text-[11px] tabular-nums",
                        r.state === "succeeded" ? chip.passed : chip.waiting,
                      )}
                    >
                      100 %
                    </li>
                  </ol>
                </Td>
                <Td label="Last verdict" className="text-xs">
                  {last ? (
                    // The action says the outcome ("passed: …", "rolled back: …").
                    `Step ${last.step + 1} at ${last.percent} %, ${last.action}`
                  ) : (
                    <span className="text-muted">none yet</span>
                  )}
                </Td>
                <Td label="Started">
                  <RelativeTime value={r.createdAt} />
                </Td>
              </Tr>
            );
          })}
        </tbody>
      </Table>
    </Card>
  );
}
