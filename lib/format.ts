// Numbers for people: sizes, metrics and deltas, the same everywhere.

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 0.001 || abs >= 1e6)) return value.toExponential(2);
  if (abs >= 100) return value.toFixed(1);
  return Number(value.toFixed(4)).toString();
}

export function formatDelta(delta: number | null, pct: number | null): string {
  if (delta === null) return "";
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  const pctText = pct === null ? "" : ` (${formatPct(pct)})`;
  return `${sign}${formatMetric(Math.abs(delta))}${pctText}`;
}

/** A signed percentage; changes that round to zero read as ±0.0%. */
export function formatPct(pct: number): string {
  if (Math.abs(pct) < 0.05) return "±0.0%";
  return `${pct > 0 ? "+" : "−"}${Math.abs(pct).toFixed(1)}%`;
}

/** Metrics where a smaller number is the better one. */
const lowerIsBetter =
  /(^|_)(loss|mae|mse|rmse|mape|error|err|latency|time|size|wer|cer|perplexity)($|_)/i;

export function isLowerBetter(metric: string): boolean {
  return lowerIsBetter.test(metric);
}

/** "better", "worse" or "same" for a delta of this metric. */
export function deltaDirection(metric: string, delta: number | null): "better" | "worse" | "same" {
  if (delta === null || delta === 0) return "same";
  return delta > 0 !== isLowerBetter(metric) ? "better" : "worse";
}

/** "47.0 KiB → 24.0 KiB" or "1.9 → 1.1 ms": an optimization record's before and after. */
export function formatBeforeAfter(
  before: number,
  after: number,
  unit: "bytes" | "ms" | "",
): string {
  if (unit === "bytes") return `${formatBytes(before)} → ${formatBytes(after)}`;
  return `${formatMetric(before)} → ${formatMetric(after)}${unit ? ` ${unit}` : ""}`;
}
