"use client";

import { Fragment, useSyncExternalStore } from "react";

const units: [string, number][] = [
  ["y", 365 * 24 * 3600],
  ["mo", 30 * 24 * 3600],
  ["wk", 7 * 24 * 3600],
  ["d", 24 * 3600],
  ["h", 3600],
  ["min", 60],
  ["s", 1],
];

/** "3 h ago", "in 2 d", "just now": short, and the same in every language the page is in. */
export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 10) return "just now";
  const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? units[units.length - 1];
  const n = Math.round(Math.abs(seconds) / size);
  return seconds < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

/** The exact time for the hover: local, 24-hour, with the zone, e.g. "29 Nov 2026, 19:05:12 CET". */
export function formatExact(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
    timeZone,
  }).format(date);
}

// One shared clock for every relative time on the page, ticking every 30 s.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((l) => l());
  }, 30_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * "3 min ago" in a `<time dateTime>`, with the exact local time on hover. The server (which
 * knows no reader's zone) renders the exact UTC time; the browser then switches to words.
 */
export function RelativeTime({ value }: { value: string | Date | null | undefined }) {
  const current = useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
  if (!value) return <span className="text-muted">—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return <span className="text-muted">—</span>;
  const browser = current !== null;
  const exact = formatExact(date, browser ? undefined : "UTC");
  return (
    <time dateTime={date.toISOString()} title={exact} className="whitespace-nowrap">
      {browser ? formatRelative(date, new Date(current)) : exact}
    </time>
  );
}

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/**
 * Text from the server with ISO timestamps in it, each shown as a RelativeTime ("changed at
 * 2026-…Z" reads "changed 3 h ago").
 */
export function TextWithTimes({ text }: { text: string }) {
  const parts = text.split(new RegExp(`(?:\\bat )?(${ISO.source})`));
  return (
    <>
      {parts.map((part, i) =>
        i % 2 ? <RelativeTime key={i} value={part} /> : <Fragment key={i}>{part}</Fragment>,
      )}
    </>
  );
}
