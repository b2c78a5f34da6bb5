import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { RolloutDto } from "@/lib/schemas/rollouts";
import { rolloutTones } from "./rollout-view";

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
            <Th>Step</Th>
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
                <Td label="Step" className="tabular-nums">
                  {r.state === "succeeded"
                    ? "100 %"
                    : `${r.stepIndex + 1} of ${r.steps.length} · ${r.steps[r.stepIndex].percent} %`}
                </Td>
                <Td label="Last verdict" className="text-xs">
                  {last ? (
                    `${last.outcome}: ${last.action}`
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
