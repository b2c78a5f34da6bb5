"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ListX } from "lucide-react";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { ApiPath } from "@/components/ui/api-path";
import {
  type LogFilters,
  type RangeSelection,
  absoluteRange,
  formatMs,
  formatValue,
  logQuery,
  parseLogFilters,
  rangeKey,
  tooltipTime,
  withLogFilters,
} from "@/lib/charts/monitoring";
import { type ApiQuery, apiKey, callApi } from "@/lib/client/api";
import { monitoringLinks } from "@/lib/endpoints/links";
import { useUrlSearch } from "./use-monitoring";

const PAGE = 50;

/** The inference log, newest first, filtered by the page's range and the filters in the URL. */
export function InferenceLog({
  deploymentId,
  range,
}: {
  deploymentId: string;
  range: RangeSelection;
}) {
  const { params, search, push } = useUrlSearch();
  const filters = parseLogFilters(params);
  const spec = monitoringLinks.listPredictions;

  const log = useInfiniteQuery({
    queryKey: apiKey(spec, { id: deploymentId }, { range: rangeKey(range), ...filters }),
    // A preset range is resolved when the first page loads; later pages follow its cursor.
    queryFn: ({ pageParam, signal }) => {
      const query = Object.fromEntries(
        new URLSearchParams(logQuery(absoluteRange(range), filters, PAGE, pageParam)),
      );
      return callApi(spec, {
        params: { id: deploymentId },
        query: query as ApiQuery<typeof spec>,
        signal,
      });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 60_000,
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.keys(filters).length > 0;

  return (
    <Card>
      <CardHeader
        title="Inference log"
        description="Every prediction the model server reported, newest first. Open a row for its features."
      />
      <LogFilterForm
        key={search}
        filters={filters}
        onApply={(f) => push(withLogFilters(search, f))}
      />
      {log.isPending ? (
        <TableSkeleton rows={8} />
      ) : log.isError ? (
        <div role="alert" className="flex flex-col items-center gap-2 px-4 py-10 text-sm">
          <p className="font-medium">Could not load the inference log</p>
          <p className="text-xs text-muted">{log.error.message}</p>
          <Button size="sm" variant="secondary" onClick={() => log.refetch()}>
            Retry
          </Button>
        </div>
      ) : items.length === 0 ? (
        <EmptyState
          icon={ListX}
          title={filtered ? "No prediction matches these filters" : "No predictions in this range"}
        >
          {filtered ? (
            "Widen the range or clear a filter."
          ) : (
            <>
              Model servers push predictions to{" "}
              <ApiPath method="POST" path={`/api/v1/deployments/${deploymentId}/predictions`} />.
            </>
          )}
        </EmptyState>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>Time</Th>
                <Th>Prediction</Th>
                <Th numeric>Confidence</Th>
                <Th numeric>Latency</Th>
                <Th>Label</Th>
                <Th>Correct</Th>
                <Th>Error</Th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <Tr key={p.id}>
                  <Td className="whitespace-nowrap">
                    <Link
                      href={`/deployments/${encodeURIComponent(deploymentId)}/predictions/${encodeURIComponent(p.id)}`}
                      className="text-accent hover:underline"
                      title={`Open prediction ${p.id}`}
                    >
                      <time dateTime={p.ts}>{tooltipTime(Date.parse(p.ts))}</time>
                    </Link>
                  </Td>
                  <Td
                    className="max-w-48 truncate font-mono text-xs"
                    title={formatValue(p.prediction)}
                  >
                    {formatValue(p.prediction)}
                  </Td>
                  <Td numeric>{p.confidence === null ? "—" : p.confidence.toFixed(3)}</Td>
                  <Td numeric>{formatMs(p.latencyMs)}</Td>
                  <Td
                    className="max-w-48 truncate font-mono text-xs"
                    title={p.label === null ? undefined : formatValue(p.label)}
                  >
                    {p.label === null || p.label === undefined ? (
                      <span className="text-muted">—</span>
                    ) : (
                      formatValue(p.label)
                    )}
                  </Td>
                  <Td>
                    {p.correct === null ? (
                      <span className="text-muted" title="no label yet">
                        —
                      </span>
                    ) : p.correct ? (
                      <span className="font-semibold text-ok" title="correct">
                        <span aria-hidden>✓</span>
                        <span className="sr-only">correct</span>
                      </span>
                    ) : (
                      <span className="font-semibold text-crit" title="wrong">
                        <span aria-hidden>✗</span>
                        <span className="sr-only">wrong</span>
                      </span>
                    )}
                  </Td>
                  <Td className="max-w-64 truncate text-xs text-crit" title={p.error ?? undefined}>
                    {p.error ?? <span className="text-muted">—</span>}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          <div className="flex items-center justify-between gap-3 px-4 py-3 text-xs text-muted">
            <span aria-live="polite">
              {items.length} shown{log.hasNextPage ? "; more are older" : ""}
            </span>
            {log.hasNextPage ? (
              <Button
                size="sm"
                variant="secondary"
                onClick={() => log.fetchNextPage()}
                disabled={log.isFetchingNextPage}
              >
                {log.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            ) : null}
          </div>
        </>
      )}
    </Card>
  );
}

function LogFilterForm({
  filters,
  onApply,
}: {
  filters: LogFilters;
  onApply: (f: LogFilters) => void;
}) {
  const [min, setMin] = useState(filters.minConfidence?.toString() ?? "");
  const [max, setMax] = useState(filters.maxConfidence?.toString() ?? "");
  const [hasLabel, setHasLabel] = useState(filters.hasLabel ?? "");
  const [hasError, setHasError] = useState(filters.hasError ?? "");
  const [prediction, setPrediction] = useState(filters.prediction ?? "");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const num = (v: string) => (v.trim() === "" ? undefined : Number(v));
    onApply({
      minConfidence: num(min),
      maxConfidence: num(max),
      hasLabel: hasLabel === "true" || hasLabel === "false" ? hasLabel : undefined,
      hasError: hasError === "true" || hasError === "false" ? hasError : undefined,
      prediction: prediction.trim() || undefined,
    });
  };
  const any = Object.keys(filters).length > 0;

  return (
    <form
      onSubmit={submit}
      aria-label="Filter the inference log"
      className="flex flex-wrap items-end gap-3 border-b border-border px-4 py-3"
    >
      <div className="space-y-1">
        <label htmlFor="log-min-confidence" className="block text-xs font-medium">
          Min confidence
        </label>
        <Input
          id="log-min-confidence"
          type="number"
          min={0}
          max={1}
          step={0.01}
          value={min}
          onChange={(e) => setMin(e.target.value)}
          className="w-28"
          placeholder="0"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="log-max-confidence" className="block text-xs font-medium">
          Max confidence
        </label>
        <Input
          id="log-max-confidence"
          type="number"
          min={0}
          max={1}
          step={0.01}
          value={max}
          onChange={(e) => setMax(e.target.value)}
          className="w-28"
          placeholder="1"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="log-has-label" className="block text-xs font-medium">
          Label
        </label>
        <Select
          id="log-has-label"
          value={hasLabel}
          onChange={(e) => setHasLabel(e.target.value as typeof hasLabel)}
          className="w-32"
        >
          <option value="">Any</option>
          <option value="true">Labelled</option>
          <option value="false">Not labelled</option>
        </Select>
      </div>
      <div className="space-y-1">
        <label htmlFor="log-has-error" className="block text-xs font-medium">
          Error
        </label>
        <Select
          id="log-has-error"
          value={hasError}
          onChange={(e) => setHasError(e.target.value as typeof hasError)}
          className="w-32"
        >
          <option value="">Any</option>
          <option value="true">Failed</option>
          <option value="false">Succeeded</option>
        </Select>
      </div>
      <div className="space-y-1">
        <label htmlFor="log-prediction" className="block text-xs font-medium">
          Prediction
        </label>
        <Input
          id="log-prediction"
          value={prediction}
          onChange={(e) => setPrediction(e.target.value)}
          className="w-40"
          placeholder="e.g. rain"
          maxLength={200}
        />
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="secondary">
          Apply filters
        </Button>
        {any ? (
          <Button variant="ghost" onClick={() => onApply({})}>
            Clear
          </Button>
        ) : null}
      </div>
    </form>
  );
}
