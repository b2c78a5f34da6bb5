import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export type Tone = "neutral" | "ok" | "warn" | "crit" | "info" | "accent";

const tones: Record<Tone, string> = {
  neutral: "bg-surface-2 text-muted border-border",
  ok: "bg-ok-bg text-ok border-transparent",
  warn: "bg-warn-bg text-warn border-transparent",
  crit: "bg-crit-bg text-crit border-transparent",
  info: "bg-info-bg text-info border-transparent",
  accent: "bg-accent/15 text-accent border-transparent",
};

export function Badge({
  tone = "neutral",
  children,
  className,
}: {
  tone?: Tone;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded border px-1.5 py-0.5 text-[11px] font-medium leading-none",
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

const stageTones: Record<string, Tone> = {
  development: "neutral",
  staging: "info",
  production: "ok",
  archived: "neutral",
};

export function StageBadge({ stage }: { stage: string }) {
  return <Badge tone={stageTones[stage] ?? "neutral"}>{stage}</Badge>;
}

const riskTones: Record<string, Tone> = {
  low: "neutral",
  medium: "info",
  high: "warn",
  critical: "crit",
};

export function RiskBadge({ risk }: { risk: string }) {
  return <Badge tone={riskTones[risk] ?? "neutral"}>{risk} risk</Badge>;
}

export function EnvironmentBadge({ environment }: { environment: string }) {
  return <Badge tone={environment === "production" ? "ok" : "info"}>{environment}</Badge>;
}
