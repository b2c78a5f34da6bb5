// Geometry of a target's deployment timeline, kept pure so it can be tested without a
// browser: one row per model, one bar per deployment over [activatedAt, endedAt or now],
// positions as fractions (0–1) of the time axis, and a handful of evenly spaced ticks.
// Everything is in UTC so the server and the browser draw the same thing.

export interface TimelineDeployment {
  id: string;
  model: string;
  modelName: string;
  version: number;
  status: string;
  activatedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  rollbackReason: string | null;
}

export type BarStatus = "active" | "superseded" | "rolled_back" | "other";

export interface TimelineBar {
  id: string;
  model: string;
  version: number;
  /** "v3" */
  label: string;
  status: BarStatus;
  /** The deployment's own status, e.g. "failed" when `status` is "other". */
  rawStatus: string;
  from: string;
  /** null while it still runs (the bar reaches `now`). */
  to: string | null;
  /** Left edge, 0–1 of the axis. */
  x: number;
  /** Width, 0–1 of the axis (may be 0 for an instant; draw a minimum width). */
  width: number;
  /** Wide enough to print the label inside. */
  showLabel: boolean;
  /** How the interval ended: "still running", the end reason, or the status. */
  ended: string;
  /** Why it started, when a rollback brought it back. */
  started: string | null;
}

export interface TimelineRow {
  model: string;
  modelName: string;
  bars: TimelineBar[];
  /** A version of this model runs on the target now. */
  active: boolean;
}

export interface TimelineTick {
  /** ISO time of the tick. */
  at: string;
  x: number;
  label: string;
}

export interface Timeline {
  start: string;
  end: string;
  rows: TimelineRow[];
  ticks: TimelineTick[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Fixed steps in ms; month steps are calendar months (handled apart). */
const fixedSteps = [
  MIN,
  5 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
];
const monthSteps = [1, 2, 3, 6, 12, 24, 60];

/** Short enough to read, long enough that a fresh deployment is not a hair. */
const MIN_SPAN = HOUR;
/** Space left before the first activation, as a fraction of the span. */
const LEAD = 0.03;
/** Labels fit inside bars at least this wide (fraction of the axis). */
const LABEL_MIN_WIDTH = 0.045;

const monthNames = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];
const pad = (n: number) => String(n).padStart(2, "0");

function barStatus(status: string): BarStatus {
  return status === "active" || status === "superseded" || status === "rolled_back"
    ? status
    : "other";
}

function endedText(d: TimelineDeployment): string {
  if (!d.endedAt) return d.status === "active" ? "still running" : d.status.replace("_", " ");
  if (d.endReason) return d.endReason;
  return d.status === "rolled_back"
    ? "rolled back"
    : d.status === "superseded"
      ? "superseded"
      : d.status.replace("_", " ");
}

function tickLabel(t: number, step: number, months: boolean): string {
  const d = new Date(t);
  if (months)
    return step >= 12
      ? String(d.getUTCFullYear())
      : `${monthNames[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (step >= DAY) return `${monthNames[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  // Midnight ticks name the day, so an hourly axis that crosses days stays readable.
  return d.getUTCHours() === 0 && d.getUTCMinutes() === 0
    ? `${monthNames[d.getUTCMonth()]} ${d.getUTCDate()}`
    : time;
}

/** Evenly spaced ticks at round UTC times, at most `maxTicks` of them, inside [start, end]. */
export function axisTicks(start: number, end: number, maxTicks = 6): TimelineTick[] {
  const span = end - start;
  if (!(span > 0) || maxTicks < 1) return [];
  const at = (t: number) => ({ at: new Date(t).toISOString(), x: (t - start) / span });

  const step = fixedSteps.find((s) => span / s <= maxTicks);
  if (step !== undefined) {
    const ticks: TimelineTick[] = [];
    // Day-sized and smaller steps align to UTC midnight; weekly ones too (from the epoch's day grid).
    for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
      ticks.push({ ...at(t), label: tickLabel(t, step, false) });
    }
    return ticks;
  }

  const months =
    monthSteps.find((m) => span / (m * 30.4 * DAY) <= maxTicks) ??
    Math.ceil(span / (maxTicks * 365 * DAY)) * 12;
  const s = new Date(start);
  // The first month boundary at or after start, on a multiple of the step (Jan, Apr, Jul, Oct for 3).
  let y = s.getUTCFullYear();
  let m = s.getUTCMonth();
  if (Date.UTC(y, m, 1) < start) m += 1;
  m = Math.ceil(m / months) * months;
  const ticks: TimelineTick[] = [];
  for (;;) {
    y += Math.floor(m / 12);
    m %= 12;
    const t = Date.UTC(y, m, 1);
    if (t > end) break;
    ticks.push({ ...at(t), label: tickLabel(t, months >= 12 ? 12 : months, true) });
    m += months;
  }
  return ticks;
}

/**
 * Rows (models with the most recent activity first) and bars for a target's deployments.
 * Deployments that never activated are left out.
 */
export function buildTimeline(
  deployments: TimelineDeployment[],
  now: Date | string,
  opts: { maxTicks?: number } = {},
): Timeline {
  const nowMs = new Date(now).getTime();
  const spans = deployments
    .filter((d) => d.activatedAt)
    .map((d) => {
      const from = new Date(d.activatedAt!).getTime();
      const to = d.endedAt ? new Date(d.endedAt).getTime() : Math.max(nowMs, from);
      return { d, from, to: Math.max(to, from) };
    });

  const latest = spans.reduce((m, s) => Math.max(m, s.to), nowMs);
  const earliest = spans.reduce((m, s) => Math.min(m, s.from), latest);
  let span = Math.max(latest - earliest, MIN_SPAN);
  const start = latest - span - span * LEAD;
  const end = latest;
  span = end - start;

  const byModel = new Map<string, { modelName: string; spans: typeof spans; last: number }>();
  for (const s of spans) {
    const row = byModel.get(s.d.model) ?? { modelName: s.d.modelName, spans: [], last: -Infinity };
    row.spans.push(s);
    row.last = Math.max(row.last, s.from);
    byModel.set(s.d.model, row);
  }

  const rows: TimelineRow[] = [...byModel.entries()]
    .map(([model, r]) => ({
      model,
      modelName: r.modelName,
      last: r.last,
      active: r.spans.some((s) => s.d.status === "active"),
      bars: r.spans
        .sort((a, b) => a.from - b.from || a.to - b.to)
        .map(({ d, from, to }): TimelineBar => {
          const x = (from - start) / span;
          const width = (to - from) / span;
          return {
            id: d.id,
            model: d.model,
            version: d.version,
            label: `v${d.version}`,
            status: barStatus(d.status),
            rawStatus: d.status,
            from: new Date(from).toISOString(),
            to: d.endedAt ? new Date(to).toISOString() : null,
            x,
            width,
            showLabel: width >= LABEL_MIN_WIDTH,
            ended: endedText(d),
            started: d.rollbackReason ? `restored by a rollback: ${d.rollbackReason}` : null,
          };
        }),
    }))
    .sort(
      (a, b) =>
        Number(b.active) - Number(a.active) ||
        b.last - a.last ||
        a.modelName.localeCompare(b.modelName),
    )
    .map(({ last: _last, ...row }) => row);

  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    rows,
    ticks: axisTicks(start, end, opts.maxTicks ?? 6),
  };
}

/** "2026-11-27 12:00 UTC" */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
