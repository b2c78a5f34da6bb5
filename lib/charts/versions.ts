// Chart data for versions, shaped by pure functions; the components only draw.

export interface OptimizationRecord {
  technique: string;
  sizeBytesBefore?: number;
  sizeBytesAfter?: number;
  latencyMsBefore?: number;
  latencyMsAfter?: number;
  accuracyBefore?: number;
  accuracyAfter?: number;
  notes?: string;
}

export interface OptimizationRow {
  key: "size" | "latency" | "accuracy";
  label: string;
  unit: "bytes" | "ms" | "";
  before: number;
  after: number;
  /** after as a percentage of before (before = 100). */
  afterPct: number;
  changePct: number;
  /** Whether the change is an improvement (smaller size/latency, higher accuracy). */
  improved: boolean;
}

export function optimizationRows(o: OptimizationRecord | null | undefined): OptimizationRow[] {
  if (!o) return [];
  const rows: OptimizationRow[] = [];
  const add = ({
    key,
    label,
    unit,
    before,
    after,
    higherIsBetter = false,
  }: Pick<OptimizationRow, "key" | "label" | "unit"> & {
    before?: number;
    after?: number;
    higherIsBetter?: boolean;
  }) => {
    if (before === undefined || after === undefined || before === 0) return;
    const changePct = ((after - before) / Math.abs(before)) * 100;
    rows.push({
      key,
      label,
      unit,
      before,
      after,
      afterPct: (after / before) * 100,
      changePct,
      improved: higherIsBetter ? after >= before : after <= before,
    });
  };
  add({
    key: "size",
    label: "Size",
    unit: "bytes",
    before: o.sizeBytesBefore,
    after: o.sizeBytesAfter,
  });
  add({
    key: "latency",
    label: "Latency",
    unit: "ms",
    before: o.latencyMsBefore,
    after: o.latencyMsAfter,
  });
  add({
    key: "accuracy",
    label: "Accuracy",
    unit: "",
    before: o.accuracyBefore,
    after: o.accuracyAfter,
    higherIsBetter: true,
  });
  return rows;
}

/** One metric across versions, oldest first, for a line chart; versions without it are gaps. */
export function metricSeries(
  versions: { version: number; evalMetrics: Record<string, number> }[],
  metric: string,
) {
  return [...versions]
    .sort((a, b) => a.version - b.version)
    .map((v) => ({
      version: `v${v.version}`,
      value: typeof v.evalMetrics[metric] === "number" ? v.evalMetrics[metric] : null,
    }));
}

/** Every metric name reported by any version, the requirement's metric first. */
export function metricNames(
  versions: { evalMetrics: Record<string, number> }[],
  preferred?: string | null,
): string[] {
  const names = [...new Set(versions.flatMap((v) => Object.keys(v.evalMetrics)))].sort();
  if (preferred && names.includes(preferred))
    return [preferred, ...names.filter((n) => n !== preferred)];
  return names;
}

/** The requirement line for the metric trend chart, when the model sets a quality bar. */
export function trendRequirement(
  req: { minMetricName: string | null; minMetricValue: number | null } | null,
) {
  return req?.minMetricName && req.minMetricValue !== null
    ? { name: req.minMetricName, value: req.minMetricValue }
    : null;
}
