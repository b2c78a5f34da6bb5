"use client";

import { useQueryClient } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { type MouseEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { Tabs } from "@/components/ui/tabs";
import { RelativeTime } from "@/components/ui/relative-time";
import {
  LATENCY_METRIC,
  PREDICTION_LATENCY_METRIC,
  type RangeSelection,
  accuracyRequirement,
  chooseLatency,
  firstDomain,
  hasPoints,
  parseRange,
  rangeKey,
  rangeParams,
  timeDomain,
  withRange,
} from "@/lib/charts/monitoring";
import { cn } from "@/lib/cn";
import { monitoringLinks } from "@/lib/endpoints/links";
import type { RequirementsDto } from "@/lib/schemas/models";
import { AccuracyCard } from "./accuracy-card";
import { ConfidenceCard } from "./confidence-card";
import { ErrorRateCard } from "./error-rate-card";
import { InferenceLog } from "./inference-log";
import { LatencyCard } from "./latency-card";
import { ConceptDriftCard, EstimatedAccuracyCard } from "./outcome-cards";
import { Totals } from "./monitoring-totals";
import { RangePicker } from "./range-picker";
import { type EndpointView, EndpointProvider } from "./endpoint-context";
import { ResourceCard } from "./resource-card";
import { ThroughputCard } from "./throughput-card";
import {
  type SummaryQuery,
  refreshMonitoring,
  useMonitoringQuery,
  useUrlSearch,
} from "./use-monitoring";

/** The model's requirements the charts draw as reference lines. */
type MonitorRequirements = Pick<
  RequirementsDto,
  "latencyP95Ms" | "maxErrorRate" | "minMetricName" | "minMetricValue"
>;

const BUCKETS = 120;

/**
 * The charts and the inference log of one deployment's endpoint across releases (each release a
 * marker), with the range and view in the URL.
 */
export function DeploymentMonitor({
  deploymentId,
  requirements,
  endpoint = null,
}: {
  deploymentId: string;
  requirements: MonitorRequirements | null;
  endpoint?: EndpointView | null;
}) {
  const { params, search, push } = useUrlSearch();
  const range = parseRange(params);
  const view = params.get("view") === "log" ? "log" : "charts";
  const [auto, setAuto] = useState(true);
  const live = auto && range.kind === "preset";
  const queryClient = useQueryClient();

  const setRange = (next: RangeSelection) => push(withRange(search, next, ["cursor"]));
  const setView = (e: MouseEvent<HTMLAnchorElement>, next: "charts" | "log") => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    const p = new URLSearchParams(search);
    if (next === "log") p.set("view", "log");
    else p.delete("view");
    push(p.toString() ? `?${p}` : "");
  };
  const viewHref = (next: "charts" | "log") => {
    const p = new URLSearchParams(search);
    if (next === "log") p.set("view", "log");
    else p.delete("view");
    return p.toString() ? `?${p}` : "?";
  };

  const rk = rangeKey(range);
  const read = {
    params: { id: deploymentId },
    query: { ...rangeParams(range), buckets: BUCKETS, across: "endpoint" as const },
  };
  const summary = useMonitoringQuery(monitoringLinks.summary, read, {
    auto: live && view === "charts",
    enabled: view === "charts",
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <Tabs
          label="Monitoring views"
          className="self-end"
          items={[
            ...(["charts", "log"] as const).map((v) => ({
              key: v,
              href: viewHref(v),
              onClick: (e: MouseEvent<HTMLAnchorElement>) => setView(e, v),
              current: view === v,
              label: v === "charts" ? "Charts" : "Inference log",
            })),
            {
              key: "drift",
              href: `/deployments/${encodeURIComponent(deploymentId)}/drift${range.kind === "custom" || (range.kind === "preset" && ["24h", "7d", "30d"].includes(range.range)) ? withRange("", range) : ""}`,
              current: false,
              label: "Drift",
            },
          ]}
        />
        <div className="flex flex-wrap items-start gap-3">
          {view === "charts" ? (
            <div className="flex h-8 items-center gap-2 text-xs text-muted">
              <Switch
                checked={live}
                disabled={range.kind === "custom"}
                onChange={() => setAuto(!auto)}
                title={
                  range.kind === "custom"
                    ? "A custom range does not move; auto-refresh is for ranges back from now."
                    : undefined
                }
              >
                Auto-refresh 30 s
              </Switch>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => refreshMonitoring(queryClient, deploymentId)}
                aria-label="Refresh now"
                title="Refresh now"
              >
                <RefreshCw
                  aria-hidden
                  className={cn("size-3.5", summary.isFetching && "animate-spin")}
                />
              </Button>
              {summary.dataUpdatedAt ? (
                <span>
                  Updated <RelativeTime value={new Date(summary.dataUpdatedAt)} />
                </span>
              ) : null}
            </div>
          ) : null}
          <RangePicker key={rk} value={range} onChange={setRange} />
        </div>
      </div>

      {view === "charts" ? (
        <EndpointProvider value={endpoint}>
          <Charts
            deploymentId={deploymentId}
            range={range}
            live={live}
            summary={summary}
            requirements={requirements}
          />
        </EndpointProvider>
      ) : (
        <InferenceLog deploymentId={deploymentId} range={range} />
      )}
    </div>
  );
}

/**
 * The chart cards of the range: the orchestration of their reads (the summary comes from the
 * monitor, which also shows when it was updated) and the shared x-axis. Each card draws itself.
 */
function Charts({
  deploymentId,
  range,
  live,
  summary,
  requirements,
}: {
  deploymentId: string;
  range: RangeSelection;
  live: boolean;
  summary: SummaryQuery;
  requirements: MonitorRequirements | null;
}) {
  const metric = (name: string) => ({
    params: { id: deploymentId },
    query: { name, ...rangeParams(range), buckets: BUCKETS, across: "endpoint" as const },
  });
  const readMetrics = monitoringLinks.readMetrics;
  const latencyPrimary = useMonitoringQuery(readMetrics, metric(LATENCY_METRIC), { auto: live });
  const needFallback = latencyPrimary.isSuccess && !hasPoints(latencyPrimary.data);
  const latencyFallback = useMonitoringQuery(readMetrics, metric(PREDICTION_LATENCY_METRIC), {
    auto: live && needFallback,
    enabled: needFallback,
  });
  const cpu = useMonitoringQuery(readMetrics, metric("cpu_percent"), { auto: live });
  const memory = useMonitoringQuery(readMetrics, metric("memory_mb"), { auto: live });

  // Latency: latency_ms, or the latency recorded with predictions when the server reports none.
  const latency = chooseLatency(latencyPrimary.data, needFallback ? latencyFallback.data : null);
  const latDomain = timeDomain(latency ?? latencyPrimary.data);
  const domain = firstDomain(timeDomain(summary.data), latDomain);

  return (
    <>
      <Totals summary={summary.data} latency={latency} />
      <div className="grid gap-4 xl:grid-cols-2">
        <LatencyCard
          deploymentId={deploymentId}
          latency={latency}
          primary={latencyPrimary}
          fallback={latencyFallback}
          needFallback={needFallback}
          domain={latDomain}
          p95Req={requirements?.latencyP95Ms ?? null}
        />
        <ThroughputCard deploymentId={deploymentId} summary={summary} domain={domain} />
        <ErrorRateCard
          deploymentId={deploymentId}
          summary={summary}
          domain={domain}
          maxErr={requirements?.maxErrorRate ?? null}
        />
        <AccuracyCard
          deploymentId={deploymentId}
          summary={summary}
          domain={domain}
          accReq={accuracyRequirement(requirements)}
        />
        <EstimatedAccuracyCard deploymentId={deploymentId} range={range} live={live} />
        <ConceptDriftCard deploymentId={deploymentId} range={range} live={live} />
        <ConfidenceCard summary={summary} />
        <ResourceCard
          deploymentId={deploymentId}
          cpu={cpu}
          memory={memory}
          fallbackDomain={domain}
        />
      </div>
    </>
  );
}
