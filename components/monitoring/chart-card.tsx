"use client";

import { AlertTriangle, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiPath } from "@/components/ui/api-path";
import { cn } from "@/lib/cn";
import { useEndpoint } from "./endpoint-context";

export type ChartState = "loading" | "error" | "empty" | "ready";

/**
 * A card for one chart with its own loading skeleton, error (with a retry) and empty state,
 * so a slow or failing series never blanks the rest of the page.
 */
export function ChartCard({
  title,
  description,
  state,
  error,
  onRetry,
  empty,
  emptyIcon: EmptyIcon,
  actions,
  stale,
  testId,
  children,
}: {
  title: string;
  description?: ReactNode;
  state: ChartState;
  error?: string;
  onRetry?: () => void;
  empty: ReactNode;
  emptyIcon: LucideIcon;
  actions?: ReactNode;
  /** Showing the previous range's data while the new one loads. */
  stale?: boolean;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <Card className="flex min-w-0 flex-col">
      <CardHeader title={title} description={description} actions={actions} />
      <div
        className="relative min-h-56 flex-1 p-3"
        data-testid={testId}
        aria-busy={state === "loading" || stale ? true : undefined}
      >
        {state === "loading" ? (
          <div
            role="status"
            aria-label={`Loading ${title.toLowerCase()}`}
            className="flex h-56 flex-col justify-end gap-2"
          >
            <Skeleton className="h-full w-full" />
            <Skeleton className="h-3 w-2/3" />
          </div>
        ) : state === "error" ? (
          <div
            role="alert"
            className="flex h-56 flex-col items-center justify-center gap-2 text-center text-sm"
          >
            <AlertTriangle aria-hidden className="size-6 text-crit" strokeWidth={1.5} />
            <p className="font-medium">Could not load {title.toLowerCase()}</p>
            {error ? <p className="max-w-sm text-xs text-muted">{error}</p> : null}
            {onRetry ? (
              <Button size="sm" variant="secondary" onClick={onRetry}>
                Retry
              </Button>
            ) : null}
          </div>
        ) : state === "empty" ? (
          <div className="flex h-56 flex-col items-center justify-center gap-2 px-4 text-center">
            <EmptyIcon aria-hidden className="size-6 text-muted" strokeWidth={1.5} />
            <p className="max-w-sm text-sm text-muted">{empty}</p>
          </div>
        ) : (
          <div className={cn("transition-opacity", stale && "opacity-60")}>{children}</div>
        )}
      </div>
    </Card>
  );
}

/** The card's state from one query: an error wins, then loading, then empty or ready. */
export function queryState(
  q: { isPending: boolean; isError: boolean },
  empty: boolean,
): ChartState {
  if (q.isError) return "error";
  if (q.isPending) return "loading";
  return empty ? "empty" : "ready";
}

/** The message of a failed query, for the card's error state. */
export const errorText = (e: unknown) => (e instanceof Error ? e.message : undefined);

/** A retry that refetches every query a card draws from. */
export const retryAll =
  (...qs: { refetch: () => unknown }[]) =>
  () =>
    qs.forEach((q) => q.refetch());

/** The empty state of a chart fed by model servers: what is missing and where they push it. */
export function PushHint({
  what,
  deploymentId,
  path,
}: {
  what: string;
  deploymentId: string;
  path: string;
}) {
  const endpoint = useEndpoint();
  return (
    <>
      No {what} reported in this range — model servers push to{" "}
      <ApiPath
        method="POST"
        path={`${endpoint ? endpoint.path : `/api/v1/deployments/${deploymentId}`}/${path}`}
      />
    </>
  );
}
