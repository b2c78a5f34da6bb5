// Chart data for deployment monitoring, shaped by pure functions; the components only draw.

import type { z } from "zod";
import type { predictionSummary, series } from "@/lib/schemas/monitoring";

// ---------------------------------------------------------------------------------------------
// Time ranges: presets back from now, or an explicit from/to, both kept in the URL.

export const RANGE_PRESETS = ["1h", "6h", "24h", "7d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_LABELS: Record<RangePreset, string> = {
  "1h": "1 h",
  "6h": "6 h",
  "24h": "24 h",
  "7d": "7 d",
  "30d": "30 d",
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PRESET_MS: Record<RangePreset, number> = {
  "1h": HOUR,
  "6h": 6 * HOUR,
  "24h": DAY,
  "7d": 7 * DAY,
  "30d": 30 * DAY,
};

export type RangeSelection =
  { kind: "preset"; range: RangePreset } | { kind: "custom"; from: string; to: string };

export const DEFAULT_RANGE: RangeSelection = { kind: "preset", range: "24h" };

type Params = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/** One query parameter from URLSearchParams or a Next.js searchParams object. */
export function param(params: Params, name: string): string | undefined {
  if (typeof (params as URLSearchParams).get === "function")
    return (params as URLSearchParams).get(name) ?? undefined;
  const v = (params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

export function isPreset(
  value: string | undefined,
  allowed: readonly string[] = RANGE_PRESETS,
): value is RangePreset {
  return value !== undefined && allowed.includes(value);
}

/**
 * The range in a URL: `from`/`to` when both parse and from < to (at most 400 days, as the API
 * allows), else `range` when it is one of `allowed`, else the fallback.
 */
export function parseRange(
  params: Params,
  allowed: readonly RangePreset[] = RANGE_PRESETS,
  fallback: RangeSelection = DEFAULT_RANGE,
): RangeSelection {
  const from = param(params, "from");
  const to = param(params, "to");
  if (from && to) {
    const f = Date.parse(from);
    const t = Date.parse(to);
    if (Number.isFinite(f) && Number.isFinite(t) && f < t && t - f <= 400 * DAY) {
      return { kind: "custom", from: new Date(f).toISOString(), to: new Date(t).toISOString() };
    }
  }
  const range = param(params, "range");
  if (isPreset(range, allowed)) return { kind: "preset", range };
  return fallback;
}

/** The API query for a range: `range=24h` or `from=…&to=…` (already encoded). */
export function rangeQuery(sel: RangeSelection): string {
  return sel.kind === "preset"
    ? `range=${sel.range}`
    : `from=${encodeURIComponent(sel.from)}&to=${encodeURIComponent(sel.to)}`;
}

/** The range as query parameters, for the typed API client (lib/client). */
export function rangeParams(
  sel: RangeSelection,
): { range: RangePreset } | { from: string; to: string } {
  return sel.kind === "preset" ? { range: sel.range } : { from: sel.from, to: sel.to };
}

/** The range's length in milliseconds. */
export function rangeSpan(sel: RangeSelection): number {
  return sel.kind === "preset" ? PRESET_MS[sel.range] : Date.parse(sel.to) - Date.parse(sel.from);
}

/** A stable key for caches: "24h" or "2026-01-01T00:00:00.000Z/2026-01-02T00:00:00.000Z". */
export function rangeKey(sel: RangeSelection): string {
  return sel.kind === "preset" ? sel.range : `${sel.from}/${sel.to}`;
}

/**
 * The URL search string with the range set (and other parameters kept), e.g. for
 * `history.pushState`. The default range is left out of the URL. `drop` removes parameters
 * that no longer apply (such as a pagination cursor).
 */
export function withRange(search: string, sel: RangeSelection, drop: string[] = []): string {
  const params = new URLSearchParams(search);
  for (const k of ["range", "from", "to", ...drop]) params.delete(k);
  if (sel.kind === "preset") params.set("range", sel.range);
  else {
    params.set("from", sel.from);
    params.set("to", sel.to);
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** A UTC ISO time as the value of a `datetime-local` input, in the browser's time zone. */
export function toLocalInput(
  iso: string,
  offsetMinutes = new Date(iso).getTimezoneOffset(),
): string {
  const d = new Date(Date.parse(iso) - offsetMinutes * 60_000);
  return d.toISOString().slice(0, 16);
}

/** A `datetime-local` value (local time) back to UTC ISO, or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

// ---------------------------------------------------------------------------------------------
// Axis and tooltip formatting.

function fmt(ms: number, options: Intl.DateTimeFormatOptions, timeZone?: string) {
  return new Intl.DateTimeFormat("en-GB", { ...options, timeZone }).format(new Date(ms));
}

/** An x-axis tick formatter suited to the range's length: times for a day, days beyond. */
export function timeTickFormatter(spanMs: number, timeZone?: string): (ms: number) => string {
  if (spanMs <= DAY)
    return (ms) => fmt(ms, { hour: "2-digit", minute: "2-digit", hour12: false }, timeZone);
  if (spanMs <= 3 * DAY)
    return (ms) =>
      fmt(ms, { weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false }, timeZone);
  return (ms) => fmt(ms, { day: "numeric", month: "short" }, timeZone);
}

/** The full time of a bucket for tooltips, e.g. "3 Mar 2026, 14:05". */
export function tooltipTime(ms: number, timeZone?: string): string {
  return fmt(
    ms,
    {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    },
    timeZone,
  );
}

/** Evenly spaced x-axis ticks across [from, to], on whole steps so labels read well. */
export function timeTicks(from: number, to: number, target = 6): number[] {
  const span = to - from;
  if (!(span > 0)) return [];
  const steps = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10080].map(
    (m) => m * 60_000,
  );
  const step = steps.find((s) => span / s <= target) ?? Math.ceil(span / target / DAY) * DAY;
  // Align to the step in UTC (whole hours and days; days in UTC, which is close enough for ticks).
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

export function formatMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  if (v >= 100) return `${Math.round(v)} ms`;
  if (v >= 10) return `${v.toFixed(1)} ms`;
  return `${Number(v.toFixed(2))} ms`;
}

/** A fraction as a percentage: 0.0123 → "1.23 %". */
export function formatPercent(fraction: number | null | undefined, digits?: number): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "—";
  const pct = fraction * 100;
  const d = digits ?? (pct === 0 || Math.abs(pct) >= 10 ? 1 : 2);
  return `${pct.toFixed(d)} %`;
}

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return "—";
  if (perSecond >= 100) return `${Math.round(perSecond)}/s`;
  if (perSecond >= 1) return `${Number(perSecond.toFixed(1))}/s`;
  if (perSecond * 60 >= 1) return `${Number((perSecond * 60).toFixed(1))}/min`;
  return `${Number((perSecond * 3600).toFixed(1))}/h`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  if (n >= 1e6) return `${Number((n / 1e6).toFixed(1))}M`;
  if (n >= 1e4) return `${Number((n / 1e3).toFixed(1))}k`;
  return n.toLocaleString("en-US");
}

/** Short axis labels for numbers: 1200 → "1.2k". */
export function compactNumber(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${Number((v / 1e6).toFixed(1))}M`;
  if (abs >= 1e3) return `${Number((v / 1e3).toFixed(1))}k`;
  if (abs >= 10 || abs === 0) return String(Math.round(v));
  return String(Number(v.toFixed(2)));
}

// ---------------------------------------------------------------------------------------------
// API shapes (what the endpoints return) and the rows the charts draw.

// The API's shapes come from its schemas (pure modules: zod and the Prisma enums).
export type Series = z.output<typeof series>;
export type Summary = z.output<typeof predictionSummary>;

export const LATENCY_METRIC = "latency_ms";
export const PREDICTION_LATENCY_METRIC = "prediction.latency_ms";

/** Whether a series has any bucket with data. */
export function hasPoints(s: Series | null | undefined): boolean {
  return !!s && s.points.some((p) => p.count > 0);
}

/**
 * Which latency series to draw: the server-reported `latency_ms` when it has points in the
 * range, else the latency recorded with predictions (`prediction.latency_ms`).
 */
export function chooseLatency(
  primary: Series | null | undefined,
  fallback: Series | null | undefined,
): Series | null {
  if (hasPoints(primary)) return primary!;
  if (hasPoints(fallback)) return fallback!;
  return null;
}

/**
 * The accuracy requirement as a percentage, when the model's minimum metric is accuracy
 * (`acc` or `accuracy`, any case); other metrics have no line on the accuracy chart.
 */
export function accuracyRequirement(
  req: { minMetricName: string | null; minMetricValue: number | null } | null | undefined,
): number | null {
  const name = req?.minMetricName ?? null;
  const isAccuracy = !!name && /^acc(uracy)?$/i.test(name);
  return isAccuracy && req?.minMetricValue != null ? req.minMetricValue * 100 : null;
}

export interface LatencyRow {
  t: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function latencyRows(s: Series | null | undefined): LatencyRow[] {
  if (!s) return [];
  return s.points
    .filter((p) => p.count > 0)
    .map((p) => ({ t: Date.parse(p.ts), p50: p.p50, p95: p.p95, p99: p.p99 }));
}

export interface ValueRow {
  t: number;
  value: number | null;
}

export function throughputRows(s: Summary | null | undefined): ValueRow[] {
  return (s?.points ?? []).map((p) => ({ t: Date.parse(p.ts), value: p.perSecond }));
}

/**
 * The unit throughput reads best in: per second when at least one a second at the peak,
 * else per minute, else per hour. `factor` converts from per second.
 */
export function throughputUnit(rows: ValueRow[]): { factor: number; suffix: "/s" | "/min" | "/h" } {
  const peak = Math.max(0, ...rows.map((r) => r.value ?? 0));
  if (peak >= 1) return { factor: 1, suffix: "/s" };
  if (peak * 60 >= 1) return { factor: 60, suffix: "/min" };
  return { factor: 3600, suffix: "/h" };
}

/** Error rate per bucket as a percentage. */
export function errorRows(s: Summary | null | undefined): ValueRow[] {
  return (s?.points ?? [])
    .filter((p) => p.errorRate !== null)
    .map((p) => ({ t: Date.parse(p.ts), value: p.errorRate! * 100 }));
}

/** Fewer requests than this in a bucket are too few to call its error rate a breach. */
export const MIN_ERROR_SAMPLE = 20;

export interface ErrorBucket {
  t: number;
  /** Percentage. */
  value: number;
  count: number;
  errors: number;
  /** "breach": over the limit on enough requests; "low-sample": too few requests to judge. */
  state: "breach" | "low-sample" | "ok";
}

/** Error rate per bucket with its request count, and whether it breaches `maxErr` (a fraction). */
export function errorBuckets(
  s: Summary | null | undefined,
  maxErr: number | null,
  minSample = MIN_ERROR_SAMPLE,
): ErrorBucket[] {
  return (s?.points ?? [])
    .filter((p) => p.errorRate !== null && p.count > 0)
    .map((p) => {
      const errors = Math.round(p.errorRate! * p.count);
      const state =
        p.count < minSample
          ? "low-sample"
          : maxErr !== null && p.errorRate! > maxErr
            ? "breach"
            : "ok";
      return { t: Date.parse(p.ts), value: p.errorRate! * 100, count: p.count, errors, state };
    });
}

/**
 * The "Peak p95" tile: the highest p95 of the latency the chart draws (same series, same
 * buckets, same range), so the tile and the chart never disagree.
 */
export function peakP95(rows: LatencyRow[]): number | null {
  const values = rows
    .map((r) => r.p95)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  return values.length ? Math.max(...values) : null;
}

export interface AccuracyRow {
  t: number;
  /** Percentage. */
  value: number;
  labeled: number;
}

/** Accuracy per bucket as a percentage, only where labels arrived. */
export function accuracyRows(s: Summary | null | undefined): AccuracyRow[] {
  return (s?.points ?? [])
    .filter((p) => p.accuracy !== null && p.labeled > 0)
    .map((p) => ({ t: Date.parse(p.ts), value: p.accuracy! * 100, labeled: p.labeled }));
}

export interface ConfidenceRow {
  bin: string;
  from: number;
  to: number;
  count: number;
}

export function confidenceRows(s: Summary | null | undefined): ConfidenceRow[] {
  const bins = s?.confidence ?? [];
  if (!bins.some((b) => b.count > 0)) return [];
  return bins.map((b) => ({
    bin: `${b.from.toFixed(1)}–${b.to.toFixed(1)}`,
    from: b.from,
    to: b.to,
    count: b.count,
  }));
}

export interface ResourceRow {
  t: number;
  cpu: number | null;
  memory: number | null;
}

/** CPU % and memory MB side by side, one row per bucket either reported. */
export function resourceRows(
  cpu: Series | null | undefined,
  memory: Series | null | undefined,
): ResourceRow[] {
  const rows = new Map<number, ResourceRow>();
  const row = (t: number) => rows.get(t) ?? rows.set(t, { t, cpu: null, memory: null }).get(t)!;
  for (const p of cpu?.points ?? []) if (p.count > 0) row(Date.parse(p.ts)).cpu = p.avg;
  for (const p of memory?.points ?? []) if (p.count > 0) row(Date.parse(p.ts)).memory = p.avg;
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** A readable upper bound: 1, 2, 2.5, 5 or 10 times a power of ten, at least `v`. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = v / p;
  const nice = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((n) => n >= m - 1e-9) ?? 10;
  return Number((nice * p).toPrecision(12));
}

/** A readable tick step (1, 2, 2.5 or 5 times a power of ten) giving about `target` intervals. */
export function niceStep(span: number, target = 4): number {
  if (!(span > 0)) return 1;
  const raw = span / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 2.5, 5, 10].find((n) => n >= raw / p - 1e-9) ?? 10;
  return Number((nice * p).toPrecision(12));
}

/**
 * A y-axis domain from zero that shows every value and the requirement line (with a little
 * headroom, so the line never sits on the frame), ending on a whole tick step. `cap` bounds
 * it (100 for percentages).
 */
export function yDomain(
  values: (number | null | undefined)[],
  requirement?: number | null,
  cap?: number,
): [number, number] {
  let max = 0;
  for (const v of values)
    if (v !== null && v !== undefined && Number.isFinite(v) && v > max) max = v;
  if (requirement !== null && requirement !== undefined && Number.isFinite(requirement))
    max = Math.max(max, requirement);
  if (!(max > 0)) return [0, 1];
  const top = max * 1.1;
  const step = niceStep(top);
  const snapped = Number((Math.ceil(top / step - 1e-9) * step).toPrecision(12));
  return [0, cap !== undefined ? Math.min(cap, snapped) : snapped];
}

/** Evenly spaced y-axis ticks on whole steps within a domain. */
export function yTicks([lo, hi]: [number, number], target = 4): number[] {
  const step = niceStep(hi - lo, target);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step)
    ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Like yDomain, for percentages that sit near 100 (accuracy): starts below the lowest value. */
export function percentDomain(values: number[], requirement?: number | null): [number, number] {
  const all = [
    ...values,
    ...(requirement !== null && requirement !== undefined ? [requirement] : []),
  ].filter(Number.isFinite);
  if (!all.length) return [0, 100];
  const low = Math.min(...all);
  const floor = Math.max(0, Math.floor((low - 5) / 10) * 10);
  return [floor, 100];
}

/** The x-axis domain: the range the API answered for. */
export function timeDomain(
  r: { from: string; to: string } | null | undefined,
): [number, number] | undefined {
  if (!r) return undefined;
  return [Date.parse(r.from), Date.parse(r.to)];
}

/** The first x-axis domain that is known, else the last 24 hours back from now. */
export function firstDomain(...domains: ([number, number] | undefined)[]): [number, number] {
  const now = Date.now();
  return domains.find((d) => d !== undefined) ?? [now - DAY, now];
}

// ---------------------------------------------------------------------------------------------
// Text summaries for screen readers (each chart is an image with a description).

function extent(values: (number | null)[]): [number, number] | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? [Math.min(...v), Math.max(...v)] : null;
}

export function describeRange(
  label: string,
  values: (number | null)[],
  format: (v: number) => string,
  requirement?: string,
): string {
  const e = extent(values);
  const base = e ? `${label} between ${format(e[0])} and ${format(e[1])}` : `${label}: no data`;
  return requirement ? `${base}; ${requirement}` : base;
}

// ---------------------------------------------------------------------------------------------
// Fleet.

export type Health = "ok" | "warn" | "crit" | "idle" | "unknown";

export const HEALTH_TONES: Record<Health, "ok" | "warn" | "crit" | "neutral"> = {
  ok: "ok",
  warn: "warn",
  crit: "crit",
  idle: "neutral",
  unknown: "neutral",
};

export const HEALTH_LABELS: Record<Health, string> = {
  ok: "healthy",
  warn: "warning",
  crit: "critical",
  idle: "no traffic",
  unknown: "no data",
};

export function healthOf(value: unknown): Health {
  return value === "ok" || value === "warn" || value === "crit" || value === "idle"
    ? value
    : "unknown";
}

/** Whether a value breaks its limit: "over" beyond it, "near" above 80 % of it. */
export function against(
  value: number | null | undefined,
  limit: number | null | undefined,
): "over" | "near" | "within" | "unknown" {
  if (value === null || value === undefined || limit === null || limit === undefined)
    return "unknown";
  if (value > limit) return "over";
  if (value > 0.8 * limit) return "near";
  return "within";
}

export function sparkRows<T extends { ts: string }>(
  points: T[],
  pick: (p: T) => number | null,
): ValueRow[] {
  return points.map((p) => ({ t: Date.parse(p.ts), value: pick(p) }));
}

// ---------------------------------------------------------------------------------------------
// Inference log.

export interface LogFilters {
  minConfidence?: number;
  maxConfidence?: number;
  hasLabel?: "true" | "false";
  hasError?: "true" | "false";
  prediction?: string;
}

const LOG_KEYS = ["minConfidence", "maxConfidence", "hasLabel", "hasError", "prediction"] as const;

function confidenceParam(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}

function boolParam(v: string | undefined): "true" | "false" | undefined {
  return v === "true" || v === "false" ? v : undefined;
}

/** The log's filters from the URL; invalid values are ignored. */
export function parseLogFilters(params: Params): LogFilters {
  const f: LogFilters = {};
  const min = confidenceParam(param(params, "minConfidence"));
  const max = confidenceParam(param(params, "maxConfidence"));
  if (min !== undefined) f.minConfidence = min;
  if (max !== undefined) f.maxConfidence = max;
  const hasLabel = boolParam(param(params, "hasLabel"));
  const hasError = boolParam(param(params, "hasError"));
  if (hasLabel) f.hasLabel = hasLabel;
  if (hasError) f.hasError = hasError;
  const prediction = param(params, "prediction")?.trim();
  if (prediction) f.prediction = prediction.slice(0, 200);
  return f;
}

/** The URL search string with the log's filters replaced (other parameters kept). */
export function withLogFilters(search: string, f: LogFilters): string {
  const params = new URLSearchParams(search);
  for (const k of LOG_KEYS) params.delete(k);
  for (const k of LOG_KEYS) if (f[k] !== undefined && f[k] !== "") params.set(k, String(f[k]));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** The absolute from/to of a range at `now`, for the log (which takes explicit times). */
export function absoluteRange(sel: RangeSelection, now = Date.now()): { from: string; to: string } {
  if (sel.kind === "custom") return { from: sel.from, to: sel.to };
  return {
    from: new Date(now - PRESET_MS[sel.range]).toISOString(),
    to: new Date(now).toISOString(),
  };
}

/** The API query for one page of the log. */
export function logQuery(
  range: { from: string; to: string } | null,
  f: LogFilters,
  limit: number,
  cursor?: string | null,
): string {
  const params = new URLSearchParams();
  if (range) {
    params.set("from", range.from);
    params.set("to", range.to);
  }
  for (const k of LOG_KEYS) if (f[k] !== undefined) params.set(k, String(f[k]));
  params.set("limit", String(limit));
  if (cursor) params.set("cursor", cursor);
  return params.toString();
}

/** A prediction or label as text: strings as they are, anything else as compact JSON. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
  return JSON.stringify(v);
}

/** Features as sorted key/value rows. */
export function featureRows(
  features: Record<string, unknown> | null | undefined,
): { key: string; value: string }[] {
  return Object.entries(features ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ key, value: formatValue(value) }));
}
