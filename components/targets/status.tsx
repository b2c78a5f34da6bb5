import { Badge, type Tone } from "@/components/ui/badge";

// One colour per deployment status, shared by the timeline bars, its legend and the history table.

const tones: Record<string, Tone> = {
  active: "ok",
  superseded: "neutral",
  rolled_back: "crit",
  failed: "crit",
  pending: "warn",
};

export const statusLabel = (status: string) => status.replace("_", " ");

export function DeploymentStatusBadge({ status }: { status: string }) {
  return <Badge tone={tones[status] ?? "neutral"}>{statusLabel(status)}</Badge>;
}

/** Fill, border and text of a timeline bar (and its legend swatch) by status. */
export const barStyles: Record<string, string> = {
  active: "border-ok bg-ok-bg text-ok",
  superseded: "border-muted/60 bg-surface-2 text-fg",
  rolled_back: "border-crit bg-crit-bg text-crit",
  other: "border-warn bg-warn-bg text-warn",
};

export const kindLabels: Record<string, string> = {
  cloud: "Cloud",
  on_prem: "On-premise",
  hybrid: "Hybrid",
};
