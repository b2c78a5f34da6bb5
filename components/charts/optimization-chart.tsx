"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { OptimizationRow } from "@/lib/charts/versions";
import { formatBytes, formatMetric } from "@/lib/format";
import { axisProps, tooltipProps } from "./theme";

const fmt = (row: OptimizationRow, v: number) =>
  row.unit === "bytes"
    ? formatBytes(v)
    : row.unit === "ms"
      ? `${formatMetric(v)} ms`
      : formatMetric(v);

/** Before vs after for size, latency and accuracy, each scaled so "before" is 100%. */
export function OptimizationChart({ rows }: { rows: OptimizationRow[] }) {
  const data = rows.map((r) => ({
    label: r.label,
    before: 100,
    after: Number(r.afterPct.toFixed(1)),
    row: r,
  }));
  return (
    <div
      className="h-44 w-full"
      role="img"
      aria-label={rows
        .map((r) => `${r.label}: ${fmt(r, r.before)} to ${fmt(r, r.after)}`)
        .join("; ")}
    >
      <ResponsiveContainer>
        <BarChart
          data={data}
          layout="vertical"
          margin={{ left: 8, right: 16, top: 4, bottom: 4 }}
          barGap={2}
        >
          <CartesianGrid horizontal={false} stroke="var(--border)" />
          <XAxis
            type="number"
            domain={[0, (max: number) => Math.max(110, Math.ceil(max / 10) * 10)]}
            unit="%"
            {...axisProps}
          />
          <YAxis type="category" dataKey="label" width={70} {...axisProps} />
          <Tooltip
            {...tooltipProps}
            formatter={(value, name, item) => {
              const row = (item.payload as { row: OptimizationRow }).row;
              return [
                fmt(row, name === "before" ? row.before : row.after),
                name === "before" ? "Before" : "After",
              ];
            }}
          />
          <Legend
            wrapperStyle={{ fontSize: 11 }}
            formatter={(v: string) => (v === "before" ? "Before" : "After")}
          />
          <Bar
            dataKey="before"
            fill="var(--muted)"
            fillOpacity={0.45}
            radius={[0, 3, 3, 0]}
            isAnimationActive={false}
          />
          <Bar
            dataKey="after"
            fill="var(--accent)"
            radius={[0, 3, 3, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
