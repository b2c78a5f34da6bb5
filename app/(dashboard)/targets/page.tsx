import { Server } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CreateTargetDialog } from "@/components/targets/create-target-dialog";
import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePrincipal } from "@/lib/auth";
import { env } from "@/lib/env";
import { can } from "@/lib/permissions";
import { listTargetsWithActive } from "@/lib/services/targets";

export const metadata: Metadata = { title: "Targets" };

// How the kinds of environment compare (stage 3): the trade-off a team weighs when choosing.
const kinds = [
  {
    kind: "cloud",
    label: "Cloud",
    scalability: "High, on demand",
    security: "Depends on the provider's controls",
    use: "Elastic workloads that must scale fast",
  },
  {
    kind: "on_prem",
    label: "On-premise",
    scalability: "Bounded by owned hardware",
    security: "Full control of data and access",
    use: "Strict data governance, sensitive data",
  },
  {
    kind: "hybrid",
    label: "Hybrid",
    scalability: "Moderate to high",
    security: "Balanced: sensitive parts stay local",
    use: "Cloud elasticity with local control",
  },
];

export default async function TargetsPage() {
  const principal = await requirePrincipal();
  // Targets set the approval policy: only admins create them.
  const canWrite = can(principal, "admin");
  const targets = await listTargetsWithActive();
  return (
    <>
      <PageHeader
        title="Deployment targets"
        description="Where models run: cloud, on-premise and hybrid environments for staging and production."
        actions={
          canWrite ? <CreateTargetDialog allowLocal={env().MODELGATE_GITOPS_ALLOW_LOCAL} /> : null
        }
      />
      <Card className="mb-5">
        <CardHeader
          title="Choosing an environment"
          description="What each kind of target trades off."
        />
        <Table stack>
          <thead>
            <tr>
              <Th>Kind</Th>
              <Th>Scalability</Th>
              <Th>Security and compliance</Th>
              <Th>Typical use</Th>
              <Th numeric>Targets</Th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <Tr key={k.kind}>
                <Td className="font-medium">{k.label}</Td>
                <Td label="Scalability" className="text-muted">
                  {k.scalability}
                </Td>
                <Td label="Security" className="text-muted">
                  {k.security}
                </Td>
                <Td label="Typical use" className="text-muted">
                  {k.use}
                </Td>
                <Td label="Targets" numeric>
                  {targets.filter((t) => t.kind === k.kind).length}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card>
        {targets.length === 0 ? (
          <EmptyState
            icon={Server}
            title="No targets yet"
            action={
              canWrite ? (
                <CreateTargetDialog allowLocal={env().MODELGATE_GITOPS_ALLOW_LOCAL} />
              ) : null
            }
          >
            Targets are the environments models are promoted to.{" "}
            {canWrite
              ? "Create one here or with POST /api/v1/targets."
              : "An admin can create one."}
          </EmptyState>
        ) : (
          <Table stack>
            <thead>
              <tr>
                <Th>Target</Th>
                <Th>Environment</Th>
                <Th>Kind</Th>
                <Th>Provider / region</Th>
                <Th numeric>CPU</Th>
                <Th numeric>Memory</Th>
                <Th>GPU</Th>
                <Th>Compliance</Th>
                <Th numeric>Approvals</Th>
                <Th>Running now</Th>
              </tr>
            </thead>
            <tbody>
              {targets.map((t) => (
                <Tr key={t.id}>
                  <Td>
                    <Link href={`/targets/${t.slug}`} className="font-medium hover:underline">
                      {t.name}
                    </Link>
                    <div className="font-mono text-xs text-muted">{t.slug}</div>
                  </Td>
                  <Td label="Environment">
                    <EnvironmentBadge environment={t.environment} />
                  </Td>
                  <Td label="Kind" className="text-muted">
                    {t.kind.replace("_", "-")}
                  </Td>
                  <Td label="Provider" className="text-muted">
                    {t.provider}
                    {t.region ? ` · ${t.region}` : ""}
                  </Td>
                  <Td label="CPU" numeric>
                    {t.hardware.cpuCores ?? "—"}
                  </Td>
                  <Td label="Memory" numeric>
                    {t.hardware.memoryMb ? `${(t.hardware.memoryMb / 1024).toFixed(0)} GiB` : "—"}
                  </Td>
                  <Td label="GPU" className="text-muted">
                    {t.hardware.gpu ?? "none"}
                  </Td>
                  <Td label="Compliance">
                    <div className="flex flex-wrap gap-1">
                      {t.complianceTags.map((c) => (
                        <Badge key={c}>{c}</Badge>
                      ))}
                    </div>
                  </Td>
                  <Td label="Approvals" numeric>
                    {t.requiredApprovals}
                  </Td>
                  <Td label="Running now">
                    {t.active.length === 0 ? (
                      <span className="text-muted">nothing</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {t.active.map((d) => (
                          <li key={d.deploymentId} className="text-xs">
                            <Link href={`/models/${d.model}`} className="hover:underline">
                              {d.modelName}
                            </Link>{" "}
                            <span className="font-mono text-muted">v{d.version}</span>
                          </li>
                        ))}
                      </ul>
                    )}
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
