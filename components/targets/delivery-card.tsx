import { GitCommitHorizontal } from "lucide-react";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { DeliveryDto } from "@/lib/schemas/deliveries";
import { deliveryFormatLabels, type TargetDto } from "@/lib/schemas/targets";

// How deployments reach this target's cluster, and the latest manifest commits when they go
// through a gitops repository: a failed one in red with its error, a pending one with when it
// is tried next.

const stateTones: Record<DeliveryDto["state"], Tone> = {
  committed: "ok",
  pending: "warn",
  failed: "crit",
};

function Setting({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="min-w-0 break-all font-mono text-xs text-fg">{children}</dd>
    </div>
  );
}

export function DeliveryCard({
  target,
  deliveries,
}: {
  target: TargetDto;
  deliveries: DeliveryDto[];
}) {
  const d = target.delivery;
  if (d.kind === "record")
    return (
      <Card className="mb-5">
        <CardHeader
          title="Delivery"
          description="Record only: Modelgate records what is approved to run here; something else deploys it."
        />
      </Card>
    );
  return (
    <Card className="mb-5">
      <CardHeader
        title="Delivery"
        description="GitOps: every deployment change is committed as a manifest to this repository, which Argo CD or Flux applies."
      />
      <dl className="grid gap-3 border-b border-border px-4 py-3 sm:grid-cols-3">
        <Setting label="Repository">{d.repoUrl}</Setting>
        <Setting label="Branch · path">
          {d.branch} · {d.path}
        </Setting>
        <Setting label="Format · namespace">
          {deliveryFormatLabels[d.format]} · {d.namespace}
        </Setting>
        <Setting label="Credentials">
          {d.credentialsEnv ? (
            <>
              {d.credentialsEnv}{" "}
              {d.credentialsPresent ? (
                <Badge tone="ok">set on the server</Badge>
              ) : (
                <Badge tone="crit">not set on the server</Badge>
              )}
            </>
          ) : (
            <span className="font-sans text-muted">none</span>
          )}
        </Setting>
      </dl>
      {deliveries.length === 0 ? (
        <EmptyState icon={GitCommitHorizontal} title="No manifest committed yet">
          The next deployment to this target is committed here.
        </EmptyState>
      ) : (
        <Table stack>
          <thead>
            <tr>
              <Th>Model</Th>
              <Th>State</Th>
              <Th>Commit</Th>
              <Th>Path</Th>
              <Th>When</Th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((x) => (
              <Tr key={x.id}>
                <Td>
                  <span title={x.message}>
                    <span className="font-medium">{x.model}</span>{" "}
                    <span className="text-muted">v{x.version}</span>
                    {x.reason === "rollback" || x.reason === "restore" ? (
                      <span className="text-muted"> · rollback</span>
                    ) : x.trafficPercent !== null && x.trafficPercent < 100 ? (
                      <span className="text-muted"> · canary {x.trafficPercent}%</span>
                    ) : null}
                  </span>
                </Td>
                <Td label="State">
                  <Badge tone={stateTones[x.state]}>{x.state}</Badge>
                  {x.state === "failed" && x.error ? (
                    <p className="mt-1 max-w-md break-words text-xs text-crit">{x.error}</p>
                  ) : null}
                  {x.state === "pending" && x.error ? (
                    <p className="mt-1 max-w-md break-words text-xs text-muted">
                      Attempt {x.attempts} failed: {x.error}
                    </p>
                  ) : null}
                </Td>
                <Td label="Commit" className="font-mono text-xs">
                  {x.commit ? <span title={x.commit}>{x.commit.slice(0, 8)}</span> : "—"}
                </Td>
                <Td label="Path" className="break-all font-mono text-xs">
                  {x.path}
                </Td>
                <Td label="When" className="whitespace-nowrap text-xs">
                  {x.state === "committed" ? (
                    <RelativeTime value={x.committedAt} />
                  ) : x.state === "pending" ? (
                    <>
                      next <RelativeTime value={x.nextAttemptAt} />
                    </>
                  ) : (
                    <RelativeTime value={x.createdAt} />
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
