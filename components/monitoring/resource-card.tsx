"use client";

import { Cpu } from "lucide-react";
import { describeRange, resourceRows, timeDomain, yDomain } from "@/lib/charts/monitoring";
import { ChartCard, PushHint, errorText, retryAll } from "./chart-card";
import { ResourceChart } from "@/components/charts/lazy";
import type { MetricQuery } from "./use-monitoring";

/** CPU and memory as the model server reports them, averaged per bucket. */
export function ResourceCard({
  deploymentId,
  cpu,
  memory,
  fallbackDomain,
}: {
  deploymentId: string;
  cpu: MetricQuery;
  memory: MetricQuery;
  /** The x-axis when neither series has answered yet (the summary's range). */
  fallbackDomain: [number, number];
}) {
  const rows = resourceRows(cpu.data, memory.data);
  const domain = timeDomain(cpu.data ?? memory.data) ?? fallbackDomain;

  return (
    <ChartCard
      title="Resource use"
      testId="chart-resources"
      description="CPU (cpu_percent) and memory (memory_mb), averaged per bucket."
      state={
        cpu.isError || memory.isError
          ? "error"
          : cpu.isPending || memory.isPending
            ? "loading"
            : rows.length
              ? "ready"
              : "empty"
      }
      error={errorText(cpu.error ?? memory.error)}
      onRetry={retryAll(cpu, memory)}
      empty={<PushHint what="resource use" deploymentId={deploymentId} path="metrics" />}
      emptyIcon={Cpu}
      stale={cpu.isPlaceholderData || memory.isPlaceholderData}
    >
      <ResourceChart
        rows={rows}
        domain={domain}
        cpuDomain={yDomain(
          rows.map((r) => r.cpu),
          null,
          100,
        )}
        memoryDomain={yDomain(rows.map((r) => r.memory))}
        label={`${describeRange(
          "CPU",
          rows.map((r) => r.cpu),
          (v) => `${v.toFixed(0)} %`,
        )}; ${describeRange(
          "memory",
          rows.map((r) => r.memory),
          (v) => `${Math.round(v)} MB`,
        )}`}
      />
    </ChartCard>
  );
}
