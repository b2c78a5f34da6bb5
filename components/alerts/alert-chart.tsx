"use client";

import { useState } from "react";
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  YAxis,
} from "recharts";
import { axisProps, tooltipProps } from "@/components/charts/theme";
import { timeXAxis } from "@/components/charts/time-axis";
import { Skeleton } from "@/components/ui/skeleton";
import { useApi } from "@/lib/client/hooks";
import { monitoringLinks } from "@/lib/endpoints/links";
import { timeTickFormatter, tooltipTime } from "@/lib/charts/monitoring";
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
    <div
      className="h-64"
      role="img"
      aria-label={`${props.metric} (${props.aggregation}) around the moment the alert fired`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
          {timeXAxis(domain, timeTickFormatter(domain[1] - domain[0]))}
          <YAxis width={48} {...axisProps} />
          <Tooltip
            {...tooltipProps}
            labelFormatter={(t) => tooltipTime(Number(t))}
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
              position: "insideTopRight",
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
