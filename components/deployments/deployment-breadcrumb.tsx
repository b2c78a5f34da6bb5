"use client";

import { useSelectedLayoutSegments } from "next/navigation";
import { Breadcrumb } from "@/components/ui/breadcrumb";

/** Route params arrive percent-encoded; ids may hold any visible ASCII character. */
function decode(v: string) {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/**
 * Models / slug / v3 / Monitoring, then where below the deployment the page is (Drift, or a
 * prediction of the inference log). Rendered once by deployments/[id]/layout.tsx; the page
 * below is read from the URL's segments.
 */
export function DeploymentBreadcrumb({
  deployment: d,
}: {
  deployment: { id: string; model: string; version: number };
}) {
  const [section, predictionId] = useSelectedLayoutSegments();
  const monitoring = `/deployments/${encodeURIComponent(d.id)}`;
  const tail =
    section === "drift"
      ? [{ label: "Monitoring", href: monitoring }, { label: "Drift" }]
      : section === "predictions" && predictionId
        ? [
            { label: "Monitoring", href: monitoring },
            { label: "Inference log", href: `${monitoring}?view=log` },
            { label: decode(predictionId), mono: true },
          ]
        : [{ label: "Monitoring" }];
  return (
    <Breadcrumb
      steps={[
        { label: "Models", href: "/models" },
        { label: d.model, href: `/models/${d.model}`, mono: true },
        {
          label: `v${d.version}`,
          href: `/models/${d.model}/versions/${d.version}?tab=monitoring`,
          mono: true,
        },
        ...tail,
      ]}
    />
  );
}
