"use client";

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
import { timeTickFormatter, tooltipTime } from "@/lib/charts/monitoring";

/** The drawing of AlertChart, loaded with the chart library once the points are in. */
export function AlertChartDrawing({
  rows,
  domain,
  pivot,
  ...props
}: {
  rows: { t: number; value: number | null }[];
  domain: [number, number];
  pivot: number;
  metric: string;
  aggregation: string;
  threshold: number | null;
  firedAt: string | null;
  resolvedAt: string | null;
}) {
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
