"use client";

import type React from "react";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { releaseLines } from "@/components/charts/release-lines";
import { timeXAxis } from "@/components/charts/time-axis";
import { axisProps, tooltipProps } from "@/components/charts/theme";
import {
  type ConfidenceRow,
  type ValueRow,
  timeTickFormatter,
  tooltipTime,
  yTicks,
} from "@/lib/charts/monitoring";
import { useReleaseMarkers } from "./endpoint-context";

// Recharts drawings for the monitoring pages. Rows, domains and formats come shaped from
// lib/charts/monitoring.ts; these components only draw. Each chart is one image for screen
// readers, described by `label` (the chart's own keyboard layer is off so the image has no
// focusable parts inside it).

export interface LineSpec {
  key: string;
  label: string;
  color: string;
  width?: number;
  dash?: string;
}

export interface Reference {
  value: number;
  label: string;
}

const legendStyle = { fontSize: 11, paddingTop: 4 };

function referenceLine(ref: Reference | null | undefined) {
  if (!ref) return null;
  return (
    <ReferenceLine
      y={ref.value}
      stroke="var(--crit)"
      strokeDasharray="5 4"
      strokeWidth={1.5}
      ifOverflow="extendDomain"
    />
  );
}

/** Lines (or one filled area) over time, on an x-axis spanning the whole range. */
export function TimeSeriesChart({
  rows,
  lines,
  domain,
  yDomain,
  yFormat,
  valueFormat,
  reference,
  label,
  area,
  height = 224,
}: {
  rows: object[];
  lines: LineSpec[];
  domain: [number, number];
  yDomain: [number, number];
  yFormat: (v: number) => string;
  valueFormat: (v: number) => string;
  reference?: Reference | null;
  label: string;
  area?: boolean;
  height?: number;
}) {
  const span = domain[1] - domain[0];
  const tick = timeTickFormatter(span);
  const xAxis = timeXAxis(domain, tick);
  const releases = releaseLines(useReleaseMarkers(), domain);
  const yAxis = (
    <YAxis
      domain={yDomain}
      ticks={yTicks(yDomain)}
      tickFormatter={yFormat}
      width={56}
      allowDataOverflow
      {...axisProps}
    />
  );
  const tooltip = (
    <Tooltip
      {...tooltipProps}
      cursor={{ stroke: "var(--muted)", strokeDasharray: "3 3" }}
      labelFormatter={(t) => tooltipTime(Number(t))}
      formatter={(v, name) => [
        v === null || v === undefined ? "—" : valueFormat(Number(v)),
        lines.find((l) => l.key === name)?.label ?? String(name),
      ]}
    />
  );
  const margin = { left: 0, right: 12, top: 8, bottom: 0 };
  return (
    <div style={{ height }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        {area ? (
          <AreaChart data={rows} margin={margin} accessibilityLayer={false}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            {xAxis}
            {yAxis}
            {tooltip}
            {referenceLine(reference)}
            {releases}
            {lines.map((l) => (
              <Area
                key={l.key}
                type="monotone"
                dataKey={l.key}
                name={l.key}
                stroke={l.color}
                fill={l.color}
                fillOpacity={0.15}
                strokeWidth={l.width ?? 1.75}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </AreaChart>
        ) : (
          <LineChart data={rows} margin={margin} accessibilityLayer={false}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            {xAxis}
            {yAxis}
            {tooltip}
            {lines.length > 1 ? (
              <Legend
                wrapperStyle={legendStyle}
                formatter={(key: string) => lines.find((l) => l.key === key)?.label ?? key}
              />
            ) : null}
            {referenceLine(reference)}
            {releases}
            {lines.map((l) => (
              <Line
                key={l.key}
                type="monotone"
                dataKey={l.key}
                name={l.key}
                stroke={l.color}
                strokeWidth={l.width ?? 1.75}
                strokeDasharray={l.dash}
                dot={rows.length <= 2 ? { r: 2.5 } : false}
                activeDot={{ r: 3 }}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

/** CPU % on the left axis, memory MB on the right. */
export function ResourceChart({
  rows,
  domain,
  label,
  cpuDomain,
  memoryDomain,
}: {
  rows: { t: number; cpu: number | null; memory: number | null }[];
  domain: [number, number];
  label: string;
  cpuDomain: [number, number];
  memoryDomain: [number, number];
}) {
  const tick = timeTickFormatter(domain[1] - domain[0]);
  const releases = releaseLines(useReleaseMarkers(), domain, "cpu");
  const hasCpu = rows.some((r) => r.cpu !== null);
  const hasMemory = rows.some((r) => r.memory !== null);
  return (
    <div className="h-56" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={rows}
          margin={{ left: 0, right: 4, top: 8, bottom: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--border)" vertical={false} />
          {timeXAxis(domain, tick)}
          {releases}
          <YAxis
            yAxisId="cpu"
            domain={cpuDomain}
            ticks={yTicks(cpuDomain)}
            tickFormatter={(v: number) => `${v}%`}
            width={48}
            hide={!hasCpu}
            {...axisProps}
          />
          <YAxis
            yAxisId="memory"
            orientation="right"
            domain={memoryDomain}
            ticks={yTicks(memoryDomain)}
            tickFormatter={(v: number) => `${v}`}
            width={52}
            hide={!hasMemory}
            {...axisProps}
          />
          <Tooltip
            {...tooltipProps}
            cursor={{ stroke: "var(--muted)", strokeDasharray: "3 3" }}
            labelFormatter={(t) => tooltipTime(Number(t))}
            formatter={(v, name) =>
              name === "cpu"
                ? [`${Number(v).toFixed(1)} %`, "CPU"]
                : [`${Math.round(Number(v)).toLocaleString("en-US")} MB`, "Memory"]
            }
          />
          <Legend
            wrapperStyle={legendStyle}
            formatter={(key: string) => (key === "cpu" ? "CPU (%)" : "Memory (MB)")}
          />
          {hasCpu ? (
            <Line
              yAxisId="cpu"
              type="monotone"
              dataKey="cpu"
              name="cpu"
              stroke="var(--accent)"
              strokeWidth={1.75}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ) : null}
          {hasMemory ? (
            <Line
              yAxisId="memory"
              type="monotone"
              dataKey="memory"
              name="memory"
              stroke="var(--info)"
              strokeWidth={1.75}
              strokeDasharray="6 3"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ) : null}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** How confident the model was, over every prediction in the range: ten bins from 0 to 1. */
export function ConfidenceHistogram({ rows, label }: { rows: ConfidenceRow[]; label: string }) {
  return (
    <div className="h-56" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          margin={{ left: 0, right: 12, top: 8, bottom: 0 }}
          barCategoryGap={2}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis
            dataKey="bin"
            {...axisProps}
            interval={0}
            tickFormatter={(v: string) => v.split("–")[0]}
          />
          <YAxis
            {...axisProps}
            width={48}
            allowDecimals={false}
            tickFormatter={(v: number) =>
              v >= 1000 ? `${Number((v / 1000).toFixed(1))}k` : String(v)
            }
          />
          <Tooltip
            {...tooltipProps}
            labelFormatter={(b) => `Confidence ${String(b)}`}
            formatter={(v) => [Number(v).toLocaleString("en-US"), "Predictions"]}
          />
          <Bar
            dataKey="count"
            fill="var(--accent)"
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A tiny trend line without axes, for tables. */
export function Sparkline({
  rows,
  color = "var(--accent)",
  domain,
  limit,
  label,
  width = 120,
  height = 28,
}: {
  rows: ValueRow[];
  color?: string;
  domain: [number, number];
  limit?: number | null;
  label: string;
  width?: number;
  height?: number;
}) {
  const values = rows.map((r) => r.value).filter((v): v is number => v !== null);
  if (values.length === 0) {
    return (
      <span className="inline-flex items-center text-xs text-muted" style={{ width, height }}>
        no data
      </span>
    );
  }
  const max = Math.max(...values, limit ?? 0) * 1.1 || 1;
  return (
    <div style={{ width, height }} role="img" aria-label={label}>
      <LineChart
        width={width}
        height={height}
        data={rows}
        margin={{ top: 2, bottom: 2, left: 1, right: 1 }}
        accessibilityLayer={false}
      >
        <XAxis dataKey="t" type="number" scale="time" domain={domain} hide />
        <YAxis domain={[0, max]} hide />
        {limit !== null && limit !== undefined ? (
          <ReferenceLine y={limit} stroke="var(--crit)" strokeDasharray="3 2" strokeOpacity={0.7} />
        ) : null}
        <Line
          type="monotone"
          dataKey="value"
          stroke={color}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
          connectNulls
        />
      </LineChart>
    </div>
  );
}
