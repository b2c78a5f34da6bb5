"use client";

import { useState } from "react";
import { AlertChartDrawing } from "@/components/charts/lazy";
import { Skeleton } from "@/components/ui/skeleton";
import { useApi } from "@/lib/client/hooks";
import { monitoringLinks } from "@/lib/endpoints/links";
import { alertWindow } from "./window";

const aggregationKey = (a: string) =>
  a === "p95" ? "p95" : a === "max" ? "max" : a === "min" ? "min" : "avg";

/** The rule's metric around the moment the alert fired, with the threshold and that moment marked. */
export function AlertChart(props: {
  deploymentId: string;
  metric: string;
  aggregation: string;
  threshold: number | null;
  startedAt: string;
  firedAt: string | null;
  resolvedAt: string | null;
}) {
  const [now] = useState(() => Date.now());
  const { pivot, from, to } = alertWindow(props, now);
  const key = aggregationKey(props.aggregation);
  const q = useApi(monitoringLinks.readMetrics, {
    params: { id: props.deploymentId },
    query: { name: props.metric, from, to, buckets: 120 },
  });
  if (q.isPending) return <Skeleton className="h-64 w-full" />;
  if (q.isError)
    return <p className="text-sm text-crit">Could not load the metric: {q.error.message}</p>;
  const rows = q.data.points.map((p) => ({ t: Date.parse(p.ts), value: p[key] }));
  if (rows.length === 0)
    return (
      <p className="py-10 text-center text-sm text-muted">
        No points of {props.metric} around this alert.
      </p>
    );
  const domain: [number, number] = [Date.parse(from), Date.parse(to)];
  return (
    <AlertChartDrawing
      rows={rows}
      domain={domain}
      pivot={pivot}
      metric={props.metric}
      aggregation={props.aggregation}
      threshold={props.threshold}
      firedAt={props.firedAt}
      resolvedAt={props.resolvedAt}
    />
  );
}
