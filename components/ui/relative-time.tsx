"use client";

import { useSyncExternalStore } from "react";

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 10) return "just now";
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? units[units.length - 1];
  return rtf.format(Math.round(seconds / size), unit);
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

/** "3 minutes ago", with the exact UTC time on hover. Renders the exact time on the server. */
export function RelativeTime({ value }: { value: string | Date | null | undefined }) {
  const current = useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
  if (!value) return <span className="text-muted">—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const exact = date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
  return (
    <time dateTime={date.toISOString()} title={exact} className="whitespace-nowrap">
      {current !== null ? formatRelative(date, new Date(current)) : exact}
    </time>
  );
}
