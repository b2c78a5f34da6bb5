import { BellOff } from "lucide-react";
import type { Metadata } from "next";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { listOpenAlerts } from "@/lib/services/alerts";

export const metadata: Metadata = { title: "Alerts" };

const severityTone: Record<string, Tone> = { info: "info", warning: "warn", critical: "crit" };

export default async function AlertsPage() {
  const alerts = await listOpenAlerts();
  return (
    <>
      <PageHeader title="Alerts" description="What is wrong in production right now, most severe first." />
      <Card>
        {alerts.length === 0 ? (
          <EmptyState icon={BellOff} title="No open alerts">
            Nothing is firing. Alerts appear here when a rule on a deployment&apos;s metrics, drift or missing data trips.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Severity</Th>
                <Th>Rule</Th>
                <Th>Deployment</Th>
                <Th>State</Th>
                <Th numeric>Value</Th>
                <Th numeric>Since</Th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <Tr key={a.id}>
                  <Td>
                    <Badge tone={severityTone[a.severity]}>{a.severity}</Badge>
                  </Td>
                  <Td>{a.rule.name}</Td>
                  <Td className="text-muted">
                    {a.deployment.model.name} v{a.deployment.version.version} on {a.deployment.target.name}
                  </Td>
                  <Td>{a.state}</Td>
                  <Td numeric>{a.value ?? "—"}</Td>
                  <Td numeric className="text-muted">
                    <RelativeTime value={a.startedAt} />
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
