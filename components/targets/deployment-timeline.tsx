"use client";

import * as Tooltip from "@radix-ui/react-tooltip";
import Link from "next/link";
import { cn } from "@/lib/cn";
import { barStyles, statusLabel } from "./status";
import { formatUtc, type Timeline, type TimelineBar } from "./timeline";

// Draws a timeline computed by buildTimeline (./timeline.ts): a row per model, a bar per
// deployment, the time axis under them. Each bar links to its version and, hovered or
// focused, tells its version, interval and how it ended.

const legend = [
  { status: "active", label: "Active" },
  { status: "superseded", label: "Superseded" },
  { status: "rolled_back", label: "Rolled back" },
] as const;

export function TimelineLegend() {
  return (
    <ul className="flex flex-wrap items-center gap-3 text-xs text-muted" aria-label="Legend">
      {legend.map((l) => (
        <li key={l.status} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className={cn("inline-block h-2.5 w-4 rounded-sm border", barStyles[l.status])}
          />
          {l.label}
        </li>
      ))}
    </ul>
  );
}

function describe(bar: TimelineBar, modelName: string) {
  const to = bar.to ? formatUtc(bar.to) : "now";
  return `${modelName} ${bar.label}, ${statusLabel(bar.rawStatus)}, from ${formatUtc(bar.from)} to ${to}; ${bar.ended}${bar.started ? `; ${bar.started}` : ""}`;
}

function Bar({ bar, modelName }: { bar: TimelineBar; modelName: string }) {
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        <Link
          href={`/models/${bar.model}/versions/${bar.version}`}
          aria-label={describe(bar, modelName)}
          data-status={bar.status}
          className={cn(
            "absolute inset-y-0.5 flex min-w-1.5 items-center overflow-hidden rounded border px-1.5 font-mono text-[11px] font-medium leading-none hover:brightness-95 focus-visible:z-10 dark:hover:brightness-125",
            barStyles[bar.status],
            bar.to === null && "rounded-r-none border-r-2",
          )}
          style={{ left: `${bar.x * 100}%`, width: `${bar.width * 100}%` }}
        >
          {bar.showLabel ? bar.label : null}
        </Link>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content
          side="top"
          sideOffset={6}
          collisionPadding={8}
          className="z-50 max-w-xs rounded-md border border-border bg-surface px-3 py-2 text-xs text-fg shadow-lg"
        >
          <div className="mb-1 flex items-center gap-2">
            <span className="font-mono font-semibold">{bar.label}</span>
            <span className="text-muted">{modelName}</span>
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
            <dt className="text-muted">From</dt>
            <dd className="tabular-nums">{formatUtc(bar.from)}</dd>
            <dt className="text-muted">To</dt>
            <dd className="tabular-nums">{bar.to ? formatUtc(bar.to) : "now"}</dd>
            <dt className="text-muted">{bar.to ? "Ended" : "Status"}</dt>
            <dd>{bar.ended}</dd>
            {bar.started ? (
              <>
                <dt className="text-muted">Began</dt>
                <dd>{bar.started}</dd>
              </>
            ) : null}
          </dl>
          <Tooltip.Arrow className="fill-border" />
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

export function DeploymentTimeline({ timeline }: { timeline: Timeline }) {
  const gridlines = timeline.ticks.map((t) => (
    <span
      key={t.at}
      aria-hidden
      className="absolute inset-y-0 w-px bg-border"
      style={{ left: `${t.x * 100}%` }}
    />
  ));
  return (
    <Tooltip.Provider delayDuration={150} skipDelayDuration={300}>
      <div className="px-4 pb-3 pt-2">
        <ul className="space-y-1" aria-label="Deployments by model">
          {timeline.rows.map((row) => (
            <li
              key={row.model}
              className="grid grid-cols-[9rem_1fr] items-center gap-3 sm:grid-cols-[12rem_1fr]"
            >
              <Link
                href={`/models/${row.model}`}
                className="truncate text-xs font-medium hover:underline"
                title={row.modelName}
              >
                {row.modelName}
              </Link>
              <div className="relative h-7">
                {gridlines}
                <span
                  aria-hidden
                  className="absolute inset-y-0 right-0 w-px border-r border-dashed border-accent"
                />
                {row.bars.map((bar) => (
                  <Bar key={bar.id} bar={bar} modelName={row.modelName} />
                ))}
              </div>
            </li>
          ))}
        </ul>
        <div aria-hidden className="mt-1 grid grid-cols-[9rem_1fr] gap-3 sm:grid-cols-[12rem_1fr]">
          <span />
          <div className="relative h-4 border-t border-border text-[11px] text-muted">
            {timeline.ticks.map((t, i) =>
              // Room for "now" on the right; on small screens every other label.
              t.x < 0.9 ? (
                <span
                  key={t.at}
                  className={cn(
                    "absolute top-0.5 whitespace-nowrap tabular-nums",
                    t.x < 0.04 ? "" : "-translate-x-1/2",
                    (i % 2 === 1 || t.x > 0.8) && "max-sm:hidden",
                  )}
                  style={{ left: `${t.x * 100}%` }}
                >
                  {t.label}
                </span>
              ) : null,
            )}
            <span className="absolute right-0 top-0.5 font-medium text-accent">now</span>
          </div>
        </div>
      </div>
    </Tooltip.Provider>
  );
}
