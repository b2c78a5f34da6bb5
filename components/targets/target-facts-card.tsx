import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { formatBytes } from "@/lib/format";
import type { TargetDto } from "@/lib/schemas/targets";

// What a target offers (hardware, scaling, compliance) and how many approvers it needs.

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 border-b border-border py-1.5 last:border-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-right text-sm tabular-nums">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted">not set</span>;

export function TargetFactsCard({ target }: { target: TargetDto }) {
  const { hardware, scaling } = target;
  return (
    <Card>
      <CardHeader
        title="Facts"
        description="What the target offers, and who must agree before something ships here."
      />
      <dl className="px-4 py-2">
        <Fact label="CPU cores">{hardware.cpuCores ?? none}</Fact>
        <Fact label="Memory">
          {hardware.memoryMb !== null
            ? `${formatBytes(hardware.memoryMb * 1024 * 1024)} (${hardware.memoryMb} MB)`
            : none}
        </Fact>
        <Fact label="GPU">{hardware.gpu ?? <span className="text-muted">none</span>}</Fact>
        <Fact label="Replicas">
          {scaling.minReplicas}–{scaling.maxReplicas}
        </Fact>
        <Fact label="Compliance">
          {target.complianceTags.length ? (
            <span className="flex flex-wrap justify-end gap-1">
              {target.complianceTags.map((t) => (
                <Badge key={t}>{t}</Badge>
              ))}
            </span>
          ) : (
            none
          )}
        </Fact>
        <Fact label="Required approvals">
          {target.requiredApprovals === 0
            ? "none"
            : `${target.requiredApprovals} approver${target.requiredApprovals === 1 ? "" : "s"}`}
        </Fact>
      </dl>
    </Card>
  );
}
