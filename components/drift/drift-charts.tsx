"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { timeXAxis } from "@/components/charts/time-axis";
import { axisProps, tooltipProps } from "@/components/charts/theme";
import type { HistogramRow, ScoreRow, Span } from "@/lib/charts/drift";
import { timeTickFormatter, tooltipTime, yTicks } from "@/lib/charts/monitoring";

// Recharts drawings for the drift page. Rows and domains come shaped from lib/charts/drift.ts.
// Each chart is one image for screen readers, described by `label`.

const legendStyle = { fontSize: 11, paddingTop: 4 };
const REFERENCE_COLOR = "var(--muted)";
const CURRENT_COLOR = "var(--accent)";

/** Reference and current distributions of one feature, side by side per bin, as percentages. */
export function HistogramChart({
  rows,
  label,
  categorical,
}: {
  rows: HistogramRow[];
  label: string;
  categorical: boolean;
}) {
  const max = Math.max(0, ...rows.flatMap((r) => [r.reference, r.current]));
  const top = max > 0 ? Math.min(100, Math.ceil((max * 1.1) / 5) * 5) : 10;
  const domain: [number, number] = [0, top];
  return (
    <div className="h-64" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          margin={{ left: 0, right: 12, top: 8, bottom: 0 }}
          barCategoryGap={categorical ? "20%" : 1}
          barGap={0}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" {...axisProps} interval="preserveStartEnd" minTickGap={8} />
          <YAxis
            domain={domain}
            ticks={yTicks(domain)}
            tickFormatter={(v: number) => `${v}%`}
            width={44}
            allowDataOverflow
            {...axisProps}
          />
          <Tooltip
            {...tooltipProps}
            labelFormatter={(_, payload) => {
              const row = payload?.[0]?.payload as HistogramRow | undefined;
              return row ? (categorical ? row.range : `Bin ${row.range}`) : "";
            }}
            formatter={(v, name, item) => {
              const row = item.payload as HistogramRow;
              const count = name === "reference" ? row.referenceCount : row.currentCount;
              return [
                `${Number(v).toFixed(1)} % (${count.toLocaleString("en-US")})`,
                name === "reference" ? "Reference" : "Current",
              ];
            }}
          />
          <Legend
            wrapperStyle={legendStyle}
            itemSorter={null}
            formatter={(key: string) => (key === "reference" ? "Reference" : "Current")}
          />
          <Bar
            dataKey="reference"
            name="reference"
            fill={REFERENCE_COLOR}
            fillOpacity={0.6}
            isAnimationActive={false}
          />
          <Bar
            dataKey="current"
            name="current"
            fill={CURRENT_COLOR}
            fillOpacity={0.85}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function spanAreas(spans: Span[], domain: [number, number], yDomain: [number, number]) {
  return spans.map((s) => (
    <ReferenceArea
      key={`${s.x1}-${s.x2}`}
      x1={Math.max(s.x1, domain[0])}
      x2={Math.min(s.x2, domain[1])}
      y1={yDomain[0]}
      y2={yDomain[1]}
      fill="var(--crit)"
      fillOpacity={0.1}
      stroke="none"
      ifOverflow="hidden"
    />
  ));
}

/** A score (or share) over time with its threshold dashed and the drifted periods shaded. */
export function ScoreChart({
  rows,
  dataKey,
  name,
  color,
  domain,
  yDomain,
  threshold,
  spans,
  yFormat,
  valueFormat,
  label,
  height = 224,
}: {
  rows: ScoreRow[];
  dataKey: "score" | "share";
  name: string;
  color: string;
  domain: [number, number];
  yDomain: [number, number];
  threshold: number;
  spans: Span[];
  yFormat: (v: number) => string;
  valueFormat: (v: number) => string;
  label: string;
  height?: number;
}) {
  const tick = timeTickFormatter(domain[1] - domain[0]);
  const few = rows.length <= 40;
  return (
    <div style={{ height }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={rows}
          margin={{ left: 0, right: 12, top: 8, bottom: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--border)" vertical={false} />
          {spanAreas(spans, domain, yDomain)}
          {timeXAxis(domain, tick)}
          <YAxis
            domain={yDomain}
            ticks={yTicks(yDomain)}
            tickFormatter={yFormat}
            width={48}
            allowDataOverflow
            {...axisProps}
          />
          <Tooltip
            {...tooltipProps}
            cursor={{ stroke: "var(--muted)", strokeDasharray: "3 3" }}
            labelFormatter={(t) => `Report of ${tooltipTime(Number(t))}`}
            formatter={(v, _name, item) => {
              const row = item.payload as ScoreRow;
              const drifted = dataKey === "score" ? row.featureDrifted : row.datasetDrifted;
              return [
                `${v === null || v === undefined ? "—" : valueFormat(Number(v))}${drifted ? " · drifted" : ""}`,
                name,
              ];
            }}
          />
          <ReferenceLine
            y={threshold}
            stroke="var(--crit)"
            strokeDasharray="5 4"
            strokeWidth={1.5}
            ifOverflow="extendDomain"
          />
          <Line
            type="linear"
            dataKey={dataKey}
            name={name}
            stroke={color}
            strokeWidth={1.75}
            dot={few ? { r: 2.5 } : false}
            activeDot={{ r: 3.5 }}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
