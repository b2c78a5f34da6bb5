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
import { Select } from "@/components/ui/input";
import { metricNames, metricSeries } from "@/lib/charts/versions";
import { formatMetric } from "@/lib/format";
import { axisProps, tooltipProps } from "./theme";

/** Any eval metric across all versions of a model, with the requirement drawn when it applies. */
export function MetricTrendChart({
  versions,
  requirement,
}: {
  versions: { version: number; evalMetrics: Record<string, number> }[];
  requirement?: { name: string; value: number } | null;
}) {
  const names = metricNames(versions, requirement?.name);
  const [metric, setMetric] = useState(names[0] ?? "");
  if (names.length === 0)
    return <p className="p-4 text-sm text-muted">No version has reported eval metrics yet.</p>;
  const data = metricSeries(versions, metric);
  return (
    <div className="p-4">
      <div className="mb-2 flex items-center gap-2">
        <label htmlFor="trend-metric" className="text-xs text-muted">
          Metric
        </label>
        <Select
          id="trend-metric"
          value={metric}
          onChange={(e) => setMetric(e.target.value)}
          className="w-48"
        >
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </Select>
      </div>
      <div
        className="h-56"
        role="img"
        aria-label={`${metric} by version: ${data.map((d) => `${d.version} ${d.value ?? "none"}`).join(", ")}`}
      >
        <ResponsiveContainer>
          <LineChart data={data} margin={{ left: 4, right: 16, top: 8, bottom: 4 }}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis dataKey="version" {...axisProps} />
            <YAxis
              {...axisProps}
              width={56}
              tickFormatter={(v: number) => formatMetric(v)}
              domain={["auto", "auto"]}
            />
            <Tooltip {...tooltipProps} formatter={(v) => [formatMetric(Number(v)), metric]} />
            {requirement && requirement.name === metric ? (
              <ReferenceLine
                y={requirement.value}
                stroke="var(--warn)"
                strokeDasharray="4 3"
                label={{
                  value: `required ≥ ${formatMetric(requirement.value)}`,
                  fill: "var(--warn)",
                  fontSize: 11,
                  position: "insideTopRight",
                }}
              />
            ) : null}
            <Line
              type="monotone"
              dataKey="value"
              stroke="var(--accent)"
              strokeWidth={2}
              dot={{ r: 3 }}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
