"use client";

import { type ComponentType, type ReactElement, Suspense, lazy, useSyncExternalStore } from "react";
import { Skeleton } from "@/components/ui/skeleton";

// The chart library (recharts and its d3 parts, over 100 KB gzip) is loaded only where a chart
// is drawn, after the page is up: every chart here is a stand-in that renders a skeleton of the
// chart's own size on the server and until the chart's chunk arrives, then the chart. The
// page's numbers, cards and tables never wait for it. Pages and components import charts from
// here; the drawing modules stay as they are.

const subscribe = () => () => {};

/** A component whose module loads in the browser only; `fallback` holds its place meanwhile. */
function lazyChart<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: (props: P) => ReactElement,
) {
  const Chart = lazy(async () => ({ default: await load() }));
  function LazyChart(props: P) {
    // False on the server and while hydrating, so both render the same placeholder.
    const browser = useSyncExternalStore(
      subscribe,
      () => true,
      () => false,
    );
    const placeholder = fallback(props);
    if (!browser) return placeholder;
    return (
      <Suspense fallback={placeholder}>
        <Chart {...props} />
      </Suspense>
    );
  }
  return LazyChart;
}

const box = (className: string) => <Skeleton className={className} />;
const tall = (height: number | undefined) => (
  <div
    aria-hidden
    style={{ height: height ?? 224 }}
    className="animate-pulse rounded bg-surface-2"
  />
);

const monitoring = () => import("@/components/monitoring/charts");
const drift = () => import("@/components/drift/drift-charts");

export const TimeSeriesChart = lazyChart(
  () => monitoring().then((m) => m.TimeSeriesChart),
  (p) => tall(p.height),
);
export const ResourceChart = lazyChart(
  () => monitoring().then((m) => m.ResourceChart),
  () => box("h-56 w-full"),
);
export const ConfidenceHistogram = lazyChart(
  () => monitoring().then((m) => m.ConfidenceHistogram),
  () => box("h-56 w-full"),
);
export const Sparkline = lazyChart(
  () => monitoring().then((m) => m.Sparkline),
  ({ width = 120, height = 28 }) => (
    <span
      aria-hidden
      style={{ width, height }}
      className="inline-block animate-pulse rounded bg-surface-2 align-middle"
    />
  ),
);
export const ErrorRateChart = lazyChart(
  () => import("@/components/monitoring/error-rate-chart").then((m) => m.ErrorRateChart),
  () => tall(224),
);
export const HistogramChart = lazyChart(
  () => drift().then((m) => m.HistogramChart),
  () => box("h-64 w-full"),
);
export const ScoreChart = lazyChart(
  () => drift().then((m) => m.ScoreChart),
  (p) => tall(p.height),
);
export const MetricTrendChart = lazyChart(
  () => import("./metric-trend-chart").then((m) => m.MetricTrendChart),
  () => (
    <div className="p-4">
      <Skeleton className="mb-2 h-8 w-60" />
      <Skeleton className="h-56 w-full" />
    </div>
  ),
);
export const OptimizationChart = lazyChart(
  () => import("./optimization-chart").then((m) => m.OptimizationChart),
  () => box("h-44 w-full"),
);
export const AlertChartDrawing = lazyChart(
  () => import("@/components/alerts/alert-chart-drawing").then((m) => m.AlertChartDrawing),
  () => box("h-64 w-full"),
);
