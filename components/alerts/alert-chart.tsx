"use client";

import { useState } from "react";
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisProps, tooltipProps } from "@/components/charts/theme";
import { Skeleton } from "@/components/ui/skeleton";
import { useApi } from "@/lib/client/hooks";
import { monitoringEndpoints } from "@/lib/endpoints/monitoring";

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
  const pivot = Date.parse(props.firedAt ?? props.startedAt);
  const [now] = useState(() => Date.now());
  const from = new Date(pivot - 2 * 3_600_000).toISOString();
  const to = new Date(
    Math.min(now, (props.resolvedAt ? Date.parse(props.resolvedAt) : pivot) + 2 * 3_600_000),
  ).toISOString();
  const key = aggregationKey(props.aggregation);
  const q = useApi(monitoringEndpoints.readMetrics, {
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
  const fmt = (t: number) =>
    new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return (
    <div
      className="h-64"
      role="img"
      aria-label={`${props.metric} (${props.aggregation}) around the moment the alert fired`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={["dataMin", "dataMax"]}
            scale="time"
            tickFormatter={fmt}
            {...axisProps}
          />
          <YAxis width={48} {...axisProps} />
          <Tooltip
            {...tooltipProps}
            labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
            formatter={(v) => [Number(v).toFixed(2), `${props.metric} ${props.aggregation}`]}
          />
          {props.threshold !== null ? (
            <ReferenceLine
              y={props.threshold}
              stroke="var(--crit)"
              strokeDasharray="4 3"
              label={{
                value: "threshold",
                fill: "var(--crit)",
                fontSize: 11,
                position: "insideTopRight",
              }}
            />
          ) : null}
          <ReferenceLine
            x={pivot}
            stroke="var(--warn)"
            label={{
              value: props.firedAt ? "fired" : "started",
              fill: "var(--warn)",
              fontSize: 11,
              position: "insideTopLeft",
            }}
          />
          {props.resolvedAt ? (
            <ReferenceLine
              x={Date.parse(props.resolvedAt)}
              stroke="var(--ok)"
              label={{
                value: "resolved",
                fill: "var(--ok)",
                fontSize: 11,
                position: "insideTopLeft",
              }}
            />
          ) : null}
          <Line
            type="monotone"
            dataKey="value"
            stroke="var(--accent)"
            dot={false}
            strokeWidth={1.75}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
