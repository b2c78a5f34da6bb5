"use client";

import { useEffect, useState } from "react";

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
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === "second") {
      return Math.abs(seconds) < 10 && unit === "second" ? "just now" : rtf.format(Math.round(seconds / size), unit);
    }
  }
  return date.toISOString();
}

/** "3 minutes ago", with the exact UTC time on hover. Renders the exact time until hydrated. */
export function RelativeTime({ value }: { value: string | Date | null | undefined }) {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);
  if (!value) return <span className="text-muted">—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const exact = date.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return (
    <time dateTime={date.toISOString()} title={exact} className="whitespace-nowrap">
      {now ? formatRelative(date, now) : exact}
    </time>
  );
}
