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
import { timeXAxis } from "@/components/charts/time-axis";
import { axisProps, tooltipProps } from "@/components/charts/theme";
import {
  type ErrorBucket,
  MIN_ERROR_SAMPLE,
  compactNumber,
  formatCount,
  formatPercent,
  timeTickFormatter,
  tooltipTime,
  yTicks,
} from "@/lib/charts/monitoring";

const dotStyle: Record<ErrorBucket["state"], { r: number; fill: string; stroke: string }> = {
  breach: { r: 3.5, fill: "var(--crit)", stroke: "var(--crit)" },
  "low-sample": { r: 3, fill: "var(--surface)", stroke: "var(--muted)" },
  ok: { r: 2, fill: "var(--accent)", stroke: "var(--accent)" },
};

function BucketDot(props: { cx?: number; cy?: number; payload?: ErrorBucket }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || !payload) return null;
  const s = dotStyle[payload.state];
  return (
    <circle
      cx={cx}
      cy={cy}
      r={s.r}
      fill={s.fill}
      stroke={s.stroke}
      strokeWidth={1.5}
      data-bucket={payload.state}
    />
  );
}

function BucketTooltip({
  active,
  payload,
  maxErr,
}: {
  active?: boolean;
  payload?: { payload: ErrorBucket }[];
  maxErr: number | null;
}) {
  const b = active ? payload?.[0]?.payload : undefined;
  if (!b) return null;
  return (
    <div style={tooltipProps.contentStyle} className="max-w-64 px-2.5 py-1.5">
      <div className="text-muted">{tooltipTime(b.t)}</div>
      <div className="font-medium">Error rate {formatPercent(b.value / 100)}</div>
      <div>
        {formatCount(b.errors)} of {formatCount(b.count)} request{b.count === 1 ? "" : "s"} failed
      </div>
      {b.state === "low-sample" ? (
        <div className="mt-1 text-muted">
          Only {formatCount(b.count)} request{b.count === 1 ? "" : "s"}: too few (under{" "}
          {MIN_ERROR_SAMPLE}) to judge against the limit.
        </div>
      ) : b.state === "breach" && maxErr !== null ? (
        <div className="mt-1 text-crit">Above the {formatPercent(maxErr)} limit.</div>
      ) : null}
    </div>
  );
}

/**
 * Error rate per bucket. A bucket is drawn as breaching only when it is over the limit with
 * at least MIN_ERROR_SAMPLE requests; a smaller one is a hollow dot, and its tooltip says why.
 */
export function ErrorRateChart({
  rows,
  domain,
  yDomain,
  maxErr,
  label,
}: {
  rows: ErrorBucket[];
  domain: [number, number];
  yDomain: [number, number];
  maxErr: number | null;
  label: string;
}) {
  return (
    <div style={{ height: 224 }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={rows}
          margin={{ left: 0, right: 12, top: 8, bottom: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--border)" vertical={false} />
          {timeXAxis(domain, timeTickFormatter(domain[1] - domain[0]))}
          <YAxis
            domain={yDomain}
            ticks={yTicks(yDomain)}
            tickFormatter={(v: number) => `${compactNumber(v)}%`}
            width={56}
            allowDataOverflow
            {...axisProps}
          />
          <Tooltip
            cursor={{ stroke: "var(--muted)", strokeDasharray: "3 3" }}
            content={<BucketTooltip maxErr={maxErr} />}
          />
          {maxErr !== null ? (
            <ReferenceLine
              y={maxErr * 100}
              stroke="var(--crit)"
              strokeDasharray="5 4"
              strokeWidth={1.5}
              ifOverflow="extendDomain"
            />
          ) : null}
          <Line
            type="monotone"
            dataKey="value"
            name="Error rate"
            stroke="var(--muted)"
            strokeWidth={1.5}
            dot={<BucketDot />}
            activeDot={{ r: 4 }}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
