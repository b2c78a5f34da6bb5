import { XAxis } from "recharts";
import { timeTicks } from "@/lib/charts/monitoring";
import { axisProps } from "./theme";

/**
 * The time axis every monitoring and drift chart shares: epoch milliseconds in `t`, ticks on
 * round times across the whole range (not just where data is), labels by `tick`.
 * A function that returns the element, not a component: recharts finds its axes among the
 * chart's direct children.
 */
export function timeXAxis(domain: [number, number], tick: (ms: number) => string) {
  return (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={domain}
      ticks={timeTicks(domain[0], domain[1])}
      tickFormatter={tick}
      allowDataOverflow
      {...axisProps}
    />
  );
}
