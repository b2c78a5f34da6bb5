import { GitPullRequestArrow } from "lucide-react";
import type { Metadata } from "next";
import { Badge, EnvironmentBadge, type Tone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { listPromotionRequests } from "@/lib/services/promotions";

export const metadata: Metadata = { title: "Promotions" };

const statusTone: Record<string, Tone> = { pending: "warn", approved: "ok", rejected: "crit", cancelled: "neutral", expired: "neutral" };

export default async function PromotionsPage() {
  const requests = await listPromotionRequests();
  return (
    <>
      <PageHeader title="Promotions" description="Requests to put a version on a target, with their gates and approvals." />
      <Card>
        {requests.length === 0 ? (
          <EmptyState icon={GitPullRequestArrow} title="No promotion requests">
            A promotion is requested from a version page or with POST /api/v1/models/&#123;slug&#125;/versions/&#123;n&#125;/promotions.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Model</Th>
                <Th>Target</Th>
                <Th>Requested by</Th>
                <Th>Reason</Th>
                <Th numeric>Approvals</Th>
                <Th>Status</Th>
                <Th numeric>Requested</Th>
              </tr>
            </thead>
            <tbody>
              {requests.map((p) => (
                <Tr key={p.id}>
                  <Td>
                    {p.version.model.name} <span className="font-mono text-xs text-muted">v{p.version.version}</span>
                  </Td>
                  <Td>
                    {p.target.name} <EnvironmentBadge environment={p.target.environment} />
                  </Td>
                  <Td className="text-muted">{p.requestedBy.name}</Td>
                  <Td className="max-w-xs truncate text-muted" title={p.reason}>
                    {p.reason}
                  </Td>
                  <Td numeric>
                    {p.approvals.filter((a) => a.valid && a.decision === "approve").length} / {p.requiredApprovals}
                  </Td>
                  <Td>
                    <Badge tone={statusTone[p.status]}>{p.status}</Badge>
                  </Td>
                  <Td numeric className="text-muted">
                    <RelativeTime value={p.createdAt} />
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
