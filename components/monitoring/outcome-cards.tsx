"use client";

import { Activity, Gauge } from "lucide-react";
import { TimeSeriesChart } from "@/components/charts/lazy";
import { RequirementKey } from "@/components/charts/requirement-key";
import { Badge } from "@/components/ui/badge";
import {
  type RangeSelection,
  compactNumber,
  describeRange,
  percentDomain,
  rangeParams,
  timeDomain,
  yDomain,
} from "@/lib/charts/monitoring";
import { detectorName, errorRows, estimateRows, signalMarkers } from "@/lib/charts/outcomes";
import { driftLinks } from "@/lib/endpoints/links";
import { ChartCard, errorText, queryState, retryAll } from "./chart-card";
import { EndpointProvider, useEndpoint } from "./endpoint-context";
import { useMonitoringQuery } from "./use-monitoring";

// What the outcomes say about the model itself, beside the serving charts: accuracy estimated
// from confidences before labels arrive (CBPE), and the labelled error rate watched by the
// concept drift detectors. Both are of this deployment (the version's reference calibrates the
// estimate; the detectors follow one deployment's stream).

const percent = (v: number) => `${v.toFixed(1)} %`;
const percentTick = (v: number) => `${compactNumber(v)}%`;

interface CardProps {
  deploymentId: string;
  range: RangeSelection;
  live: boolean;
}

export function EstimatedAccuracyCard({ deploymentId, range, live }: CardProps) {
  const q = useMonitoringQuery(
    driftLinks.performance,
    { params: { id: deploymentId }, query: rangeParams(range) },
    { auto: live },
  );
  const rows = estimateRows(q.data);
  const req = q.data?.requirement;
  const reqPct = req?.metric === "accuracy" ? req.value * 100 : null;
  const values = rows.flatMap((r) => [r.lower, r.upper, r.realized]).filter((v) => v !== null);
  return (
    <ChartCard
      title="Estimated accuracy"
      testId="chart-estimated-accuracy"
      description="Estimated from the model's confidences (calibrated on the reference), with its ±3σ band, against the accuracy of the labels that arrived."
      state={queryState(q, rows.length === 0)}
      error={errorText(q.error)}
      onRetry={retryAll(q)}
      empty={
        q.data && !q.data.available
          ? (q.data.note ?? "Performance cannot be estimated for this version.")
          : "No predictions with a confidence in this range."
      }
      emptyIcon={Gauge}
      actions={reqPct !== null ? <RequirementKey>min {reqPct.toFixed(0)} %</RequirementKey> : null}
      stale={q.isPlaceholderData}
    >
      <TimeSeriesChart
        rows={rows}
        domain={timeDomain(q.data) ?? [0, 1]}
        yDomain={percentDomain(values as number[], reqPct)}
        yFormat={percentTick}
        valueFormat={percent}
        reference={reqPct !== null ? { value: reqPct, label: `min ${reqPct.toFixed(0)} %` } : null}
        lines={[
          { key: "estimated", label: "Estimated", color: "var(--accent)", width: 2 },
          { key: "upper", label: "Band (upper)", color: "var(--muted)", width: 1, dash: "3 3" },
          { key: "lower", label: "Band (lower)", color: "var(--muted)", width: 1, dash: "3 3" },
          { key: "realized", label: "Realized", color: "var(--ok)" },
        ]}
        label={describeRange(
          "Estimated accuracy",
          rows.map((r) => r.estimated),
          percent,
          `realized ${describeRange(
            "",
            rows.map((r) => r.realized),
            percent,
          ).trim()}`,
        )}
      />
    </ChartCard>
  );
}

const levelTone = { stable: "ok", warning: "warn", drift: "crit" } as const;

export function ConceptDriftCard({ deploymentId, range, live }: CardProps) {
  const endpoint = useEndpoint();
  const q = useMonitoringQuery(
    driftLinks.concept,
    { params: { id: deploymentId }, query: rangeParams(range) },
    { auto: live },
  );
  const rows = errorRows(q.data);
  const markers = signalMarkers(q.data);
  const values = rows.map((r) => r.value).filter((v) => v !== null);
  return (
    <ChartCard
      title="Concept drift"
      testId="chart-concept-drift"
      description="The share of labelled predictions that were wrong, with the warnings and drifts of the DDM, Page-Hinkley and ADWIN detectors marked where they fired."
      state={queryState(q, rows.length === 0)}
      error={errorText(q.error)}
      onRetry={retryAll(q)}
      empty={
        q.data?.note ??
        "No labelled predictions in this range: the detectors watch outcomes once labels arrive."
      }
      emptyIcon={Activity}
      actions={
        <ul className="flex flex-wrap gap-1" aria-label="Detectors">
          {(q.data?.detectors ?? []).map((d) => (
            <li
              key={d.kind}
              title={`${d.seen.toLocaleString("en")} outcomes seen${d.errorRate === null ? "" : `, error rate ${(d.errorRate * 100).toFixed(1)} %`}`}
            >
              <Badge tone={levelTone[d.level]}>
                {detectorName(d.kind)} {d.level}
              </Badge>
            </li>
          ))}
        </ul>
      }
      stale={q.isPlaceholderData}
    >
      {/* The detectors' signals take the place of the release markers on this chart. */}
      <EndpointProvider value={{ path: endpoint?.path ?? "", releases: markers }}>
        <TimeSeriesChart
          rows={rows}
          domain={timeDomain(q.data) ?? [0, 1]}
          yDomain={yDomain(values as number[])}
          yFormat={percentTick}
          valueFormat={percent}
          lines={[{ key: "value", label: "Error rate (labelled)", color: "var(--crit)" }]}
          label={`${describeRange("Labelled error rate", values, percent)}; ${markers.length ? markers.map((m) => `${m.label} at ${new Date(m.t).toISOString().slice(0, 16).replace("T", " ")} UTC`).join("; ") : "no detector signal"}`}
        />
      </EndpointProvider>
    </ChartCard>
  );
}
