"use client";

import { type QueryClient, keepPreviousData } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { type AnyEndpoint, type ApiReadRequest, apiKey } from "@/lib/client/api";
import { useApi } from "@/lib/client/hooks";
import { monitoringLinks } from "@/lib/endpoints/links";

/** How often the charts refresh while auto-refresh is on. */
export const REFRESH_MS = 30_000;

/**
 * The page's query string and a way to change it without a server round trip: pushState
 * keeps Back working and Next keeps `useSearchParams` in step.
 */
export function useUrlSearch() {
  const params = useSearchParams();
  const pathname = usePathname();
  const push = useCallback(
    (search: string) => window.history.pushState(null, "", `${pathname}${search}`),
    [pathname],
  );
  return { params, search: params.toString() ? `?${params.toString()}` : "", push };
}

/**
 * One monitoring read. Refetches every 30 s while `auto` is on; react-query pauses the interval
 * while the tab is hidden (refetchIntervalInBackground is off). Keeps the previous range's data
 * on screen while a new range loads.
 */
export function useMonitoringQuery<E extends AnyEndpoint>(
  e: E,
  req: ApiReadRequest<E>,
  { auto, enabled = true }: { auto: boolean; enabled?: boolean },
) {
  return useApi(e, req, {
    enabled,
    refetchInterval: auto ? REFRESH_MS : false,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}

/** "Refresh now": every monitoring read of one deployment (summary, metrics, inference log). */
export function refreshMonitoring(queryClient: QueryClient, deploymentId: string) {
  const { summary, readMetrics, listPredictions } = monitoringLinks;
  for (const e of [summary, readMetrics, listPredictions]) {
    void queryClient.invalidateQueries({ queryKey: apiKey(e, { id: deploymentId }) });
  }
}

/** The result of one monitoring read, as the chart cards take it. */
export type MonitoringQuery<E extends AnyEndpoint> = ReturnType<typeof useMonitoringQuery<E>>;
export type SummaryQuery = MonitoringQuery<typeof monitoringLinks.summary>;
export type MetricQuery = MonitoringQuery<typeof monitoringLinks.readMetrics>;
