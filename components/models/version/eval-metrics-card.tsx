import { CheckCircle2, XCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatMetric } from "@/lib/format";
import type { VersionDto } from "@/lib/schemas/versions";

/**
 * The reported eval metrics by name, each with the model's requirement on it and whether it
 * passes; a required metric that was never reported is listed too, as "not reported".
 */
export function EvalMetricsCard({ v }: { v: VersionDto }) {
  const metricEntries = Object.entries(v.evalMetrics).sort(([a], [b]) => a.localeCompare(b));
  const checkByName = new Map(v.requirementChecks.map((c) => [c.name, c]));
  const unreportedChecks = v.requirementChecks.filter((c) => !(c.name in v.evalMetrics));
  return (
    <Card>
      <CardHeader title="Eval metrics" description="Checked against the model's requirements." />
      {metricEntries.length === 0 && unreportedChecks.length === 0 ? (
        <p className="px-4 py-6 text-sm text-muted">
          No eval metrics reported. A pipeline reports them with PATCH …/versions/{v.version}.
        </p>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Metric</Th>
              <Th numeric>Value</Th>
              <Th numeric>Requirement</Th>
              <Th>Check</Th>
            </tr>
          </thead>
          <tbody>
            {[
              ...metricEntries.map(([name, value]) => ({ name, value })),
              ...unreportedChecks.map((c) => ({ name: c.name, value: null })),
            ].map(({ name, value }) => {
              const c = checkByName.get(name);
              return (
                <Tr key={name}>
                  <Td className="font-mono text-xs">{name}</Td>
                  <Td numeric>{formatMetric(value)}</Td>
                  <Td numeric className="text-muted">
                    {c ? `${c.rule === ">=" ? "≥" : "≤"} ${formatMetric(c.target)}` : "—"}
                  </Td>
                  <Td>
                    {c ? (
                      c.passed ? (
                        <Badge tone="ok">
                          <CheckCircle2 className="size-3" aria-hidden /> pass
                        </Badge>
                      ) : (
                        <Badge tone="crit">
                          <XCircle className="size-3" aria-hidden />{" "}
                          {c.actual === null ? "not reported" : "fail"}
                        </Badge>
                      )
                    ) : null}
                  </Td>
                </Tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
