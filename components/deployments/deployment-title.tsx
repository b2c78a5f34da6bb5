import type { ReactNode } from "react";
import { EnvironmentBadge } from "@/components/ui/badge";

/** "Churn classifier v3 → Production EU [production]": which version runs where. */
export function DeploymentTitle({
  deployment: d,
  prefix,
  children,
}: {
  deployment: {
    modelName: string;
    version: number;
    targetName: string;
    environment: "staging" | "production";
  };
  /** Words before the model's name, e.g. "Drift of". */
  prefix?: string;
  /** Badges after the environment. */
  children?: ReactNode;
}) {
  return (
    <span className="flex flex-wrap items-center gap-2">
      {prefix ? `${prefix} ` : null}
      {d.modelName} <span className="font-mono text-muted">v{d.version}</span>
      <span aria-hidden className="text-muted">
        →
      </span>
      <span className="sr-only">on</span>
      {d.targetName}
      <EnvironmentBadge environment={d.environment} />
      {children}
    </span>
  );
}
