"use client";

import { keepPreviousData, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, Database, History, Inbox, RefreshCw } from "lucide-react";
import Link from "next/link";
import type { MouseEvent } from "react";
import { ChartCard, type ChartState } from "@/components/monitoring/chart-card";
import { RangePicker } from "@/components/monitoring/range-picker";
import { useUrlSearch } from "@/components/monitoring/use-monitoring";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Tabs } from "@/components/ui/tabs";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, Td, Th } from "@/components/ui/table";
import { ApiPath } from "@/components/ui/api-path";
import {
  DRIFT_PRESETS,
  type DriftResult,
  METHOD_LABELS,
  describeHistogram,
  describeScores,
  describeShares,
  driftBanner,
  driftSpans,
  formatScore,
  formatShare,
  histogramRows,
  ruleText,
  scoreDomain,
  scoreDrifted,
  scoreKind,
  scoreRows,
  scoreVsThreshold,
  selectedFeature,
  sortFeatures,
  withFeature,
  type DriftEntry,
  outputEntries,
  withOutputScores,
  worstIssue,
} from "@/lib/charts/drift";
import {
  type RangeSelection,
  formatCount,
  parseRange,
  rangeKey,
  rangeParams,
  withRange,
} from "@/lib/charts/monitoring";
import { ApiError, apiKey } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { driftLinks } from "@/lib/endpoints/links";
import { cn } from "@/lib/cn";
import { HistogramChart, ScoreChart } from "@/components/charts/lazy";
import { ThresholdKey, scoreFormat } from "./drift-keys";

export interface DriftViewProps {
  deploymentId: string;
  slug: string;
  version: number;
  /** The deployed version's reference data, when the server found it. */
  reference: { rowCount: number; updatedAt: string } | null;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : undefined);

/** Data drift of one deployment: the range, the chosen feature and the views in the URL. */
export function DriftView({ deploymentId, slug, version, reference }: DriftViewProps) {
  const { params, search, push } = useUrlSearch();
  const range = parseRange(params, DRIFT_PRESETS);
  const read = { params: { id: deploymentId }, query: rangeParams(range) };
  const queryClient = useQueryClient();

  const drift = useApi(driftLinks.drift, read, { placeholderData: keepPreviousData });
  const history = useApi(driftLinks.history, read, { placeholderData: keepPreviousData });

  const setRange = (next: RangeSelection) => push(withRange(search, next));
  const noReference = drift.error instanceof ApiError && drift.error.status === 422;
  const versionHref = `/models/${encodeURIComponent(slug)}/versions/${version}`;
  const monitorHref = `/deployments/${encodeURIComponent(deploymentId)}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <Tabs
          label="Monitoring views"
          className="self-end"
          items={[
            {
              key: "charts",
              href: `${monitorHref}${withRange("", range)}`,
              label: "Charts",
              current: false,
            },
            {
              key: "log",
              href: `${monitorHref}${withRange("?view=log", range)}`,
              label: "Inference log",
              current: false,
            },
            { key: "drift", href: `${monitorHref}/drift`, label: "Drift", current: true },
          ]}
        />
        <div className="flex flex-wrap items-start gap-3">
          <Button
            size="sm"
            variant="ghost"
            className="mt-0.5"
            onClick={() => {
              void queryClient.invalidateQueries({
                queryKey: apiKey(driftLinks.drift, read.params),
              });
              void queryClient.invalidateQueries({
                queryKey: apiKey(driftLinks.history, read.params),
              });
            }}
            aria-label="Check again"
            title="Check again"
          >
            <RefreshCw
              aria-hidden
              className={cn("size-3.5", (drift.isFetching || history.isFetching) && "animate-spin")}
            />
          </Button>
          <RangePicker
            key={rangeKey(range)}
            value={range}
            onChange={setRange}
            presets={DRIFT_PRESETS}
          />
        </div>
      </div>

      {noReference ? (
        <Card>
          <EmptyState icon={Database} title={`Version ${version} has no reference data`}>
            <p>
              Drift compares the features of recent predictions with the data the version was
              trained or validated on. Upload that data as a CSV with a header row in the{" "}
              <Link
                href={`${versionHref}#reference-data`}
                className="text-accent underline-offset-2 hover:underline"
              >
                Reference data card of v{version}
              </Link>
              , or with the API:
            </p>
            <ApiPath
              method="PUT"
              path={`/api/v1/models/${slug}/versions/${version}/reference`}
              className="mt-2 block rounded bg-surface-2 px-2 py-1 text-left text-fg"
            />
            <p className="mt-2 text-xs">
              Send <code className="font-mono">Content-Type: text/csv</code> (optionally{" "}
              <code className="font-mono">?types=name:categorical</code>) or JSON rows.
            </p>
          </EmptyState>
        </Card>
      ) : drift.isError ? (
        <Card>
          <div
            role="alert"
            className="flex flex-col items-center gap-2 px-6 py-12 text-center text-sm"
          >
            <AlertTriangle aria-hidden className="size-6 text-crit" strokeWidth={1.5} />
            <p className="font-medium">Could not check drift</p>
            <p className="max-w-md text-xs text-muted">{errorText(drift.error)}</p>
            <Button size="sm" variant="secondary" onClick={() => drift.refetch()}>
              Retry
            </Button>
          </div>
        </Card>
      ) : drift.isPending ? (
        <DriftSkeleton />
      ) : (
        <DriftReport
          result={drift.data}
          stale={drift.isPlaceholderData}
          reference={reference}
          history={history}
          range={range}
          asked={params.get("feature")}
          onSelect={(name) => push(withFeature(search, name))}
          versionHref={versionHref}
        />
      )}
    </div>
  );
}

function DriftSkeleton() {
  return (
    <div role="status" aria-label="Checking drift" className="space-y-4">
      <Skeleton className="h-20 w-full" />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <Skeleton className="h-72 w-full" />
        <Skeleton className="h-72 w-full" />
      </div>
      <Skeleton className="h-64 w-full" />
    </div>
  );
}

function Banner({
  result,
  reference,
  versionHref,
}: {
  result: DriftResult;
  reference: DriftViewProps["reference"];
  versionHref: string;
}) {
  const b = driftBanner(result);
  const Icon = b.tone === "crit" ? AlertTriangle : b.tone === "ok" ? CheckCircle2 : Inbox;
  return (
    <section
      aria-label="Drift summary"
      data-testid="drift-banner"
      className={cn(
        "flex flex-wrap items-start gap-x-6 gap-y-3 rounded-lg border px-4 py-3",
        b.tone === "crit"
          ? "border-crit/40 bg-crit-bg"
          : b.tone === "ok"
            ? "border-ok/40 bg-ok-bg"
            : "border-border bg-surface",
      )}
    >
      <div className="flex min-w-64 flex-1 items-start gap-3">
        <Icon
          aria-hidden
          className={cn(
            "mt-0.5 size-5 shrink-0",
            b.tone === "crit" ? "text-crit" : b.tone === "ok" ? "text-ok" : "text-muted",
          )}
        />
        <div>
          <h2
            className={cn(
              "text-sm font-semibold",
              b.tone === "crit" ? "text-crit" : b.tone === "ok" ? "text-ok" : "",
            )}
          >
            {b.title}
          </h2>
          <p className="mt-0.5 text-sm">{b.detail}</p>
        </div>
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <div>
          <dt className="text-xs text-muted">Drifted features</dt>
          <dd className="font-semibold tabular-nums">
            {formatShare(result.share)}{" "}
            <span className="font-normal text-muted">
              of {result.features.length}; limit {formatShare(result.driftShare)}
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Rows compared</dt>
          <dd className="font-semibold tabular-nums">
            {formatCount(result.rowCount)}{" "}
            <span className="font-normal text-muted">
              vs {reference ? formatCount(reference.rowCount) : "—"} reference
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Reference</dt>
          <dd className="font-semibold">
            <Link
              href={`${versionHref}#reference-data`}
              className="text-accent underline-offset-2 hover:underline"
            >
              v{result.version}
            </Link>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function DriftReport({
  result,
  stale,
  reference,
  history,
  range,
  asked,
  onSelect,
  versionHref,
}: {
  result: DriftResult;
  stale: boolean;
  reference: DriftViewProps["reference"];
  history: ReturnType<typeof useApi<typeof driftLinks.history>>;
  range: RangeSelection;
  asked: string | null;
  onSelect: (name: string) => void;
  versionHref: string;
}) {
  // The model's outputs first, then the features, drifted first.
  const sorted: DriftEntry[] = [...outputEntries(result), ...sortFeatures(result.features)];
  const selected = selectedFeature(sorted, asked);
  const empty = result.rowCount === 0;

  return (
    <div
      className={cn("space-y-4 transition-opacity", stale && "opacity-60")}
      aria-busy={stale || undefined}
    >
      <Banner result={result} reference={reference} versionHref={versionHref} />
      {empty ? (
        <Card>
          <EmptyState icon={Inbox} title="No predictions in this range">
            Drift is checked on the features logged with predictions. Pick a wider range, or log
            predictions with their features through{" "}
            <ApiPath
              method="POST"
              path={`/api/v1/deployments/${result.deploymentId}/predictions`}
            />
            .
          </EmptyState>
        </Card>
      ) : (
        <div className="grid gap-4 xl:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
          <FeatureTable features={sorted} selected={selected?.name} onSelect={onSelect} />
          {selected ? <HistogramCard feature={selected} /> : null}
        </div>
      )}
      {selected ? (
        <HistoryCards
          feature={selected}
          driftShare={result.driftShare}
          history={history}
          range={range}
          result={result}
        />
      ) : null}
    </div>
  );
}

function FeatureTable({
  features,
  selected,
  onSelect,
}: {
  features: DriftEntry[];
  selected: string | undefined;
  onSelect: (name: string) => void;
}) {
  const select = (e: MouseEvent, name: string) => {
    // The row is a convenience for the mouse; the button in it is the way for the keyboard.
    if ((e.target as HTMLElement).closest("button")) return;
    onSelect(name);
  };
  return (
    <Card className="min-w-0">
      <CardHeader
        title="Features"
        description="The model's predictions and labels first, then the features, drifted first. Select one for its distributions and history."
      />
      <Table>
        <caption className="sr-only">
          Drift of the model&apos;s outputs and of each feature: method, score against its
          threshold, verdict and data quality
        </caption>
        <thead>
          <tr>
            <Th>Feature</Th>
            <Th>Method</Th>
            <Th numeric>Score vs threshold</Th>
            <Th>Drift</Th>
            <Th>Quality</Th>
          </tr>
        </thead>
        <tbody>
          {features.map((f) => {
            const active = f.name === selected;
            return (
              <tr
                key={f.name}
                data-testid={`feature-row-${f.name}`}
                data-drifted={f.drifted}
                onClick={(e) => select(e, f.name)}
                className={cn("cursor-pointer", active ? "bg-accent/10" : "hover:bg-surface-2/60")}
              >
                <Td
                  className={cn("border-l-2", active ? "border-l-accent" : "border-l-transparent")}
                >
                  <button
                    type="button"
                    aria-pressed={active}
                    onClick={() => onSelect(f.name)}
                    className="rounded text-left font-mono text-xs font-medium hover:text-accent hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
                  >
                    {f.name}
                    <span className="sr-only">, show distributions</span>
                  </button>
                  <div className="mt-0.5 text-[11px] text-muted">
                    {f.output === "prediction"
                      ? "model output"
                      : f.output === "target"
                        ? "labels that arrived"
                        : f.type}
                  </div>
                </Td>
                <Td className="text-xs">
                  {METHOD_LABELS[f.method]}
                  <div className="text-[11px] text-muted">{scoreKind(f.method)}</div>
                </Td>
                <Td numeric className="whitespace-nowrap font-mono text-xs">
                  {scoreVsThreshold(f)}
                </Td>
                <Td>
                  {f.score === null ? (
                    <Badge>no data</Badge>
                  ) : f.drifted ? (
                    <Badge tone="crit">drifted</Badge>
                  ) : (
                    <Badge tone="ok">stable</Badge>
                  )}
                </Td>
                <Td className="text-xs">
                  <QualityCell entry={f} />
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </Card>
  );
}

/** The worst data quality issue of a feature, in a badge when it is above the warning share. */
function QualityCell({ entry }: { entry: DriftEntry }) {
  if (entry.output) return <span className="text-muted">—</span>;
  const issue = worstIssue(entry.quality);
  if (!issue) return <span className="text-muted">clean</span>;
  return issue.warn ? (
    <Badge tone="warn">{issue.label}</Badge>
  ) : (
    <span className="whitespace-nowrap">{issue.label}</span>
  );
}

function HistogramCard({ feature }: { feature: DriftEntry }) {
  const rows = histogramRows(feature.reference, feature.current);
  const categorical = feature.reference.kind === "categories";
  return (
    <ChartCard
      title={`Distribution of ${feature.name}`}
      testId="drift-histogram"
      description={`Share of values per ${categorical ? "category" : "bin"}, reference vs current window (counts in the tooltip). ${METHOD_LABELS[feature.method]}: ${scoreVsThreshold(feature)}${feature.drifted ? " — drifted" : ""}.`}
      state={rows.length ? "ready" : "empty"}
      empty="No values of this feature in the reference or the current window."
      emptyIcon={Inbox}
    >
      <HistogramChart
        rows={rows}
        categorical={categorical}
        label={describeHistogram(feature.name, rows)}
      />
    </ChartCard>
  );
}

function HistoryCards({
  feature,
  driftShare,
  history,
  range,
  result,
}: {
  feature: DriftEntry;
  driftShare: number;
  history: ReturnType<typeof useApi<typeof driftLinks.history>>;
  range: RangeSelection;
  result: DriftResult;
}) {
  const items = withOutputScores(history.data?.items ?? []);
  const rule = { method: feature.method, threshold: feature.threshold };
  const rows = scoreRows(items, feature.name, rule);
  const domain: [number, number] = [Date.parse(result.from), Date.parse(result.to)];
  const state: ChartState = history.isError
    ? "error"
    : history.isPending
      ? "loading"
      : items.length
        ? "ready"
        : "empty";
  const featureSpans = driftSpans(items, (r) =>
    scoreDrifted(feature.method, r.scores[feature.name], feature.threshold),
  );
  const datasetSpans = driftSpans(items, (r) => r.drifted);
  const yDomain = scoreDomain(
    feature.method,
    rows.map((r) => r.score),
    feature.threshold,
  );
  const shareDomain: [number, number] = [0, 100];
  const emptyText = (
    <>
      No stored drift reports in this range
      {range.kind === "preset" && range.range !== "30d" ? " — try 30 d" : ""}. The scheduled check
      writes one every hour for deployments with reference data.
    </>
  );
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
      <ChartCard
        title={`Drift score of ${feature.name} over time`}
        testId="drift-score-history"
        description={`${METHOD_LABELS[feature.method]} per stored report (${ruleText(feature.method, feature.threshold)}); shaded where it drifted.`}
        state={state}
        error={errorText(history.error)}
        onRetry={() => history.refetch()}
        empty={emptyText}
        emptyIcon={History}
        actions={
          <ThresholdKey threshold={`threshold ${formatScore(feature.threshold)}`} what="drifted" />
        }
        stale={history.isPlaceholderData}
      >
        <ScoreChart
          rows={rows}
          dataKey="score"
          name={`${feature.name} ${scoreKind(feature.method)}`}
          color="var(--accent)"
          domain={domain}
          yDomain={yDomain}
          threshold={feature.threshold}
          spans={featureSpans}
          yFormat={scoreFormat}
          valueFormat={scoreFormat}
          label={describeScores(feature.name, rows, feature.method, feature.threshold)}
        />
      </ChartCard>
      <ChartCard
        title="Drifted features over time"
        testId="drift-share-history"
        description="Share of features that drifted in each report; the dataset drifts at the limit."
        state={state}
        error={errorText(history.error)}
        onRetry={() => history.refetch()}
        empty={emptyText}
        emptyIcon={History}
        actions={
          <ThresholdKey threshold={`limit ${formatShare(driftShare)}`} what="dataset drifted" />
        }
        stale={history.isPlaceholderData}
      >
        <ScoreChart
          rows={rows}
          dataKey="share"
          name="Drifted features"
          color="var(--warn)"
          domain={domain}
          yDomain={shareDomain}
          threshold={driftShare * 100}
          spans={datasetSpans}
          yFormat={(v) => `${v}%`}
          valueFormat={(v) => `${Math.round(v)} %`}
          label={describeShares(rows, driftShare)}
        />
      </ChartCard>
    </div>
  );
}
