"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Activity, BarChart3, Cpu, Gauge, RefreshCw, ShieldAlert, Target } from "lucide-react";
import { type MouseEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { Tabs } from "@/components/ui/tabs";
import { RelativeTime } from "@/components/ui/relative-time";
import {
  LATENCY_METRIC,
  PREDICTION_LATENCY_METRIC,
  type RangeSelection,
  type Summary,
  accuracyRows,
  chooseLatency,
  compactNumber,
  confidenceRows,
  describeRange,
  errorRows,
  formatCount,
  formatMs,
  formatPercent,
  formatRate,
  hasPoints,
  latencyRows,
  parseRange,
  percentDomain,
  rangeKey,
  rangeParams,
  resourceRows,
  throughputRows,
  throughputUnit,
  timeDomain,
  withRange,
  yDomain,
} from "@/lib/charts/monitoring";
import { cn } from "@/lib/cn";
import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import type { RequirementsDto } from "@/lib/schemas/models";
import { ChartCard, type ChartState } from "./chart-card";
import { ConfidenceHistogram, RequirementKey, ResourceChart, TimeSeriesChart } from "./charts";
import { InferenceLog } from "./inference-log";
import { RangePicker } from "./range-picker";
import { refreshMonitoring, useMonitoringQuery, useUrlSearch } from "./use-monitoring";

/** The model's requirements the charts draw as reference lines. */
type MonitorRequirements = Pick<
  RequirementsDto,
  "latencyP95Ms" | "maxErrorRate" | "minMetricName" | "minMetricValue"
>;

const BUCKETS = 120;

function stateOf(q: { isPending: boolean; isError: boolean }, empty: boolean): ChartState {
  if (q.isError) return "error";
  if (q.isPending) return "loading";
  return empty ? "empty" : "ready";
}

const isAccuracy = (name: string | null) => !!name && /^acc(uracy)?$/i.test(name);

/** The charts and the inference log of one deployment, with the range and view in the URL. */
export function DeploymentMonitor({
  deploymentId,
  requirements,
}: {
  deploymentId: string;
  requirements: MonitorRequirements | null;
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
  const read = { params: { id: deploymentId }, query: { ...rangeParams(range), buckets: BUCKETS } };
  const summary = useMonitoringQuery(monitoringEndpoints.summary, read, {
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
        <Charts
          deploymentId={deploymentId}
          range={range}
          live={live}
          summary={summary}
          requirements={requirements}
        />
      ) : (
        <InferenceLog deploymentId={deploymentId} range={range} />
      )}
    </div>
  );
}

function Totals({ summary }: { summary: Summary | undefined }) {
  const t = summary?.totals;
  const p95 = summary ? Math.max(0, ...summary.points.map((p) => p.latencyP95 ?? 0)) : null;
  const tiles = [
    { label: "Predictions", value: t ? formatCount(t.count) : "—" },
    {
      label: "Errors",
      value: t ? (t.count ? formatPercent(t.errors / t.count) : "—") : "—",
      hint: t ? `${formatCount(t.errors)} failed` : undefined,
    },
    {
      label: "Accuracy",
      value: t?.labeled ? formatPercent(t.correct / t.labeled) : "—",
      hint: t ? `${formatCount(t.labeled)} labelled` : undefined,
    },
    {
      label: "Peak p95 latency",
      value: t?.count ? formatMs(p95) : "—",
      hint: t?.count ? "of predictions" : undefined,
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
      {tiles.map((tile) => (
        <div key={tile.label} className="rounded-lg border border-border bg-surface px-4 py-3">
          <dt className="text-xs text-muted">{tile.label}</dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums">
            {tile.value}
            {tile.hint ? (
              <span className="ml-2 text-xs font-normal text-muted">{tile.hint}</span>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

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
  summary: ReturnType<typeof useMonitoringQuery<typeof monitoringEndpoints.summary>>;
  requirements: MonitorRequirements | null;
}) {
  const metric = (name: string) => ({
    params: { id: deploymentId },
    query: { name, ...rangeParams(range), buckets: BUCKETS },
  });
  const readMetrics = monitoringEndpoints.readMetrics;
  const latencyPrimary = useMonitoringQuery(readMetrics, metric(LATENCY_METRIC), { auto: live });
  const needFallback = latencyPrimary.isSuccess && !hasPoints(latencyPrimary.data);
  const latencyFallback = useMonitoringQuery(readMetrics, metric(PREDICTION_LATENCY_METRIC), {
    auto: live && needFallback,
    enabled: needFallback,
  });
  const cpu = useMonitoringQuery(readMetrics, metric("cpu_percent"), { auto: live });
  const memory = useMonitoringQuery(readMetrics, metric("memory_mb"), { auto: live });

  const retry =
    (...qs: { refetch: () => unknown }[]) =>
    () =>
      qs.forEach((q) => q.refetch());
  const errorText = (e: unknown) => (e instanceof Error ? e.message : undefined);
  const pushHint = (what: string, path: string) => (
    <>
      No {what} reported in this range — model servers push to{" "}
      <code className="break-all font-mono text-xs">
        POST /api/v1/deployments/{deploymentId}/{path}
      </code>
    </>
  );

  // Latency: latency_ms, or the latency recorded with predictions when the server reports none.
  const latency = chooseLatency(latencyPrimary.data, needFallback ? latencyFallback.data : null);
  const latRows = latencyRows(latency);
  const latencyState: ChartState = latencyPrimary.isError
    ? "error"
    : latencyPrimary.isPending || (needFallback && latencyFallback.isPending)
      ? "loading"
      : latencyFallback.isError && needFallback
        ? "error"
        : latRows.length
          ? "ready"
          : "empty";
  const p95Req = requirements?.latencyP95Ms ?? null;
  const latDomain = timeDomain(latency ?? latencyPrimary.data);

  const sum = summary.data;
  const domain = timeDomain(sum) ?? latDomain ?? [Date.now() - 86_400_000, Date.now()];
  const tput = throughputRows(sum);
  const unit = throughputUnit(tput);
  const errs = errorRows(sum);
  const acc = accuracyRows(sum);
  const conf = confidenceRows(sum);
  const maxErr = requirements?.maxErrorRate ?? null;
  const accReq =
    isAccuracy(requirements?.minMetricName ?? null) && requirements?.minMetricValue != null
      ? requirements.minMetricValue * 100
      : null;
  const res = resourceRows(cpu.data, memory.data);
  const resDomain = timeDomain(cpu.data ?? memory.data) ?? domain;

  const summaryState = (empty: boolean) => stateOf(summary, empty);
  const noTraffic = !sum || sum.totals.count === 0;

  return (
    <>
      <Totals summary={sum} />
      <div className="grid gap-4 xl:grid-cols-2">
        <ChartCard
          title="Latency"
          testId="chart-latency"
          description={
            latency?.name === PREDICTION_LATENCY_METRIC
              ? "p50, p95 and p99 from the inference log (prediction.latency_ms); the server reports no latency_ms."
              : "p50, p95 and p99 of latency_ms, as reported by the model server."
          }
          state={latencyState}
          error={errorText(latencyPrimary.error ?? latencyFallback.error)}
          onRetry={retry(latencyPrimary, latencyFallback)}
          empty={pushHint("latency", "metrics")}
          emptyIcon={Gauge}
          actions={
            p95Req !== null ? <RequirementKey>p95 ≤ {formatMs(p95Req)}</RequirementKey> : null
          }
          stale={latencyPrimary.isPlaceholderData}
        >
          {latDomain ? (
            <TimeSeriesChart
              rows={latRows}
              domain={latDomain}
              yDomain={yDomain(
                latRows.flatMap((r) => [r.p50, r.p95, r.p99]),
                p95Req,
              )}
              yFormat={(v) => `${compactNumber(v)} ms`}
              valueFormat={formatMs}
              reference={
                p95Req !== null
                  ? { value: p95Req, label: `p95 ≤ ${formatMs(p95Req)} required` }
                  : null
              }
              lines={[
                { key: "p50", label: "p50", color: "var(--ok)" },
                { key: "p95", label: "p95", color: "var(--accent)", width: 2.25 },
                { key: "p99", label: "p99", color: "var(--warn)", dash: "4 3" },
              ]}
              label={describeRange(
                "Latency p95",
                latRows.map((r) => r.p95),
                formatMs,
                p95Req !== null ? `requirement p95 at most ${formatMs(p95Req)}` : undefined,
              )}
            />
          ) : null}
        </ChartCard>

        <ChartCard
          title="Throughput"
          testId="chart-throughput"
          description={`Predictions per ${unit.suffix === "/s" ? "second" : unit.suffix === "/min" ? "minute" : "hour"}, from the inference log.`}
          state={summaryState(noTraffic)}
          error={errorText(summary.error)}
          onRetry={retry(summary)}
          empty={pushHint("predictions", "predictions")}
          emptyIcon={Activity}
          stale={summary.isPlaceholderData}
        >
          <TimeSeriesChart
            area
            rows={tput.map((r) => ({
              t: r.t,
              value: r.value === null ? null : r.value * unit.factor,
            }))}
            domain={domain}
            yDomain={yDomain(tput.map((r) => (r.value ?? 0) * unit.factor))}
            yFormat={compactNumber}
            valueFormat={(v) => `${Number(v.toFixed(2))}${unit.suffix}`}
            lines={[{ key: "value", label: "Requests", color: "var(--accent)" }]}
            label={describeRange(
              "Throughput",
              tput.map((r) => r.value),
              (v) => formatRate(v),
            )}
          />
        </ChartCard>

        <ChartCard
          title="Error rate"
          testId="chart-errors"
          description="Share of predictions that failed, per bucket."
          state={summaryState(errs.length === 0)}
          error={errorText(summary.error)}
          onRetry={retry(summary)}
          empty={pushHint("predictions", "predictions")}
          emptyIcon={ShieldAlert}
          actions={
            maxErr !== null ? <RequirementKey>max {formatPercent(maxErr)}</RequirementKey> : null
          }
          stale={summary.isPlaceholderData}
        >
          <TimeSeriesChart
            rows={errs}
            domain={domain}
            yDomain={yDomain(
              errs.map((r) => r.value),
              maxErr !== null ? maxErr * 100 : null,
              100,
            )}
            yFormat={(v) => `${compactNumber(v)}%`}
            valueFormat={(v) => formatPercent(v / 100)}
            reference={
              maxErr !== null
                ? { value: maxErr * 100, label: `max ${formatPercent(maxErr)}` }
                : null
            }
            lines={[{ key: "value", label: "Error rate", color: "var(--crit)" }]}
            label={describeRange(
              "Error rate",
              errs.map((r) => r.value),
              (v) => formatPercent(v / 100),
              maxErr !== null ? `limit ${formatPercent(maxErr)}` : undefined,
            )}
          />
        </ChartCard>

        <ChartCard
          title="Accuracy"
          testId="chart-accuracy"
          description="Predictions that matched their label, in buckets where labels arrived."
          state={summaryState(acc.length === 0)}
          error={errorText(summary.error)}
          onRetry={retry(summary)}
          empty={
            <>
              No labelled predictions in this range. Labels arrive with the prediction or later with{" "}
              <code className="break-all font-mono text-xs">
                PATCH /api/v1/deployments/{deploymentId}/predictions/&#123;predictionId&#125;
              </code>
            </>
          }
          emptyIcon={Target}
          actions={
            accReq !== null ? <RequirementKey>min {accReq.toFixed(0)} %</RequirementKey> : null
          }
          stale={summary.isPlaceholderData}
        >
          <TimeSeriesChart
            rows={acc}
            domain={domain}
            yDomain={percentDomain(
              acc.map((r) => r.value),
              accReq,
            )}
            yFormat={(v) => `${compactNumber(v)}%`}
            valueFormat={(v) => `${v.toFixed(1)} %`}
            reference={
              accReq !== null ? { value: accReq, label: `min ${accReq.toFixed(0)} %` } : null
            }
            lines={[{ key: "value", label: "Accuracy", color: "var(--ok)" }]}
            label={describeRange(
              "Accuracy",
              acc.map((r) => r.value),
              (v) => `${v.toFixed(1)} %`,
              accReq !== null ? `requirement at least ${accReq.toFixed(0)} %` : undefined,
            )}
          />
        </ChartCard>

        <ChartCard
          title="Confidence"
          testId="chart-confidence"
          description="How sure the model was, over every prediction in the range."
          state={summaryState(conf.length === 0)}
          error={errorText(summary.error)}
          onRetry={retry(summary)}
          empty="No prediction in this range reported a confidence."
          emptyIcon={BarChart3}
          stale={summary.isPlaceholderData}
        >
          <ConfidenceHistogram
            rows={conf}
            label={`Confidence histogram: ${conf.map((r) => `${r.bin}: ${r.count}`).join(", ")}`}
          />
        </ChartCard>

        <ChartCard
          title="Resource use"
          testId="chart-resources"
          description="CPU (cpu_percent) and memory (memory_mb), averaged per bucket."
          state={
            cpu.isError || memory.isError
              ? "error"
              : cpu.isPending || memory.isPending
                ? "loading"
                : res.length
                  ? "ready"
                  : "empty"
          }
          error={errorText(cpu.error ?? memory.error)}
          onRetry={retry(cpu, memory)}
          empty={pushHint("resource use", "metrics")}
          emptyIcon={Cpu}
          stale={cpu.isPlaceholderData || memory.isPlaceholderData}
        >
          <ResourceChart
            rows={res}
            domain={resDomain}
            cpuDomain={yDomain(
              res.map((r) => r.cpu),
              null,
              100,
            )}
            memoryDomain={yDomain(res.map((r) => r.memory))}
            label={`${describeRange(
              "CPU",
              res.map((r) => r.cpu),
              (v) => `${v.toFixed(0)} %`,
            )}; ${describeRange(
              "memory",
              res.map((r) => r.memory),
              (v) => `${Math.round(v)} MB`,
            )}`}
          />
        </ChartCard>
      </div>
    </>
  );
}
