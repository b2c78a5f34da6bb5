import { ReferenceLine } from "recharts";
import type { ReleaseMarker } from "@/components/monitoring/endpoint-context";

/**
 * The release markers inside the chart's time range, as recharts reference lines. A function
 * that returns elements, not a component: recharts finds them among the chart's direct
 * children. Here, not beside the endpoint context, so the context stays free of recharts.
 */
export function releaseLines(markers: ReleaseMarker[], domain: [number, number], yAxisId?: string) {
  return markers
    .filter((m) => m.t >= domain[0] && m.t <= domain[1])
    .map((m) => (
      <ReferenceLine
        key={`${m.t}-${m.label}`}
        x={m.t}
        {...(yAxisId ? { yAxisId } : {})}
        stroke="var(--accent)"
        strokeDasharray="2 3"
        strokeWidth={1.5}
        label={{ value: m.label, position: "insideTopLeft", fontSize: 10, fill: "var(--accent)" }}
      />
    ));
}
