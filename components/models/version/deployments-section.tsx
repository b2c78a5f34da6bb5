import { Activity } from "lucide-react";
import Link from "next/link";
import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { listVersionDeployments } from "@/lib/services/deployments";

type VersionDeployment = Awaited<ReturnType<typeof listVersionDeployments>>[number];

/** The monitoring tab: where this version runs or ran, each linking to its monitoring. */
export function VersionDeployments({ deployments }: { deployments: VersionDeployment[] }) {
  return (
    <Card>
      {deployments.length === 0 ? (
        <EmptyState icon={Activity} title="Not deployed">
          Once this version runs on a target, its latency, throughput, errors, accuracy and drift
          are watched here.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Target</Th>
              <Th>Status</Th>
              <Th numeric>Traffic</Th>
              <Th numeric>Since</Th>
              <Th numeric>Until</Th>
            </tr>
          </thead>
          <tbody>
            {deployments.map((d) => (
              <Tr key={d.id}>
                <Td>
                  <Link
                    href={`/deployments/${d.id}`}
                    className="font-medium text-accent hover:underline"
                    title={`Monitoring of this version on ${d.target.name}`}
                  >
                    {d.target.name}
                  </Link>{" "}
                  <EnvironmentBadge environment={d.target.environment} />
                </Td>
                <Td>
                  <Badge tone={d.status === "active" ? "ok" : "neutral"}>
                    {d.status.replace("_", " ")}
                  </Badge>
                </Td>
                <Td numeric>{d.trafficPercent}%</Td>
                <Td numeric>
                  <RelativeTime value={d.activatedAt} />
                </Td>
                <Td numeric>{d.endedAt ? <RelativeTime value={d.endedAt} /> : "—"}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
