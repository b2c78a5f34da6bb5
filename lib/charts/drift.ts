// Data drift views, shaped by pure functions; the components only draw.

import type { z } from "zod";
import type { driftHistory, driftResult, referenceSummary } from "@/lib/schemas/drift";
import type { RangePreset } from "./monitoring";

// ---------------------------------------------------------------------------------------------
// API shapes (GET /api/v1/deployments/{id}/drift, …/drift/history, …/versions/{n}/reference).

// The API's shapes come from its schemas (pure modules: zod and the Prisma enums).
export type DriftResult = z.output<typeof driftResult>;
export type DriftFeature = DriftResult["features"][number];
export type DriftMethod = DriftFeature["method"];
export type FeatureType = DriftFeature["type"];
export type DriftHistogram = DriftFeature["reference"];
export type DriftReport = z.output<typeof driftHistory>["items"][number];
export type ReferenceSummary = z.output<typeof referenceSummary>;
export type ReferenceFeatureSummary = ReferenceSummary["features"][number];

/** The ranges the drift page offers (drift over an hour says little). */
export const DRIFT_PRESETS: readonly RangePreset[] = ["24h", "7d", "30d"];

// ---------------------------------------------------------------------------------------------
// Methods: what the score means and how to say it.

export const METHOD_LABELS: Record<DriftMethod, string> = {
  ks: "Kolmogorov–Smirnov",
  chisquare: "Chi-squared",
  z: "Z-test (proportions)",
  wasserstein: "Wasserstein (normed)",
  jensenshannon: "Jensen–Shannon",
  psi: "PSI",
};

/** KS, chi-squared and Z score a p-value (drift below the threshold); the others a distance (drift at or above it). */
export function isPValueMethod(method: DriftMethod): boolean {
  return method === "ks" || method === "chisquare" || method === "z";
}

export function scoreKind(method: DriftMethod): "p-value" | "distance" {
  return isPValueMethod(method) ? "p-value" : "distance";
}

/** Whether a stored score counts as drift under the method's rule (KS drifts at p ≤ threshold, χ² and Z at p < threshold). */
export function scoreDrifted(
  method: DriftMethod,
  score: number | null | undefined,
  threshold: number,
): boolean {
  if (score === null || score === undefined || !Number.isFinite(score)) return false;
  if (method === "ks") return score <= threshold;
  if (isPValueMethod(method)) return score < threshold;
  return score >= threshold;
}

/** A score or threshold, short: 0.0031 → "0.0031", 0.18 → "0.18", 1.2e-7 → "1.2e-7". */
export function formatScore(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v === 0) return "0";
  const abs = Math.abs(v);
  if (abs < 0.001) {
    const [m, e] = v.toExponential(1).split("e");
    return `${m}e${Number(e)}`;
  }
  if (abs >= 100) return String(Math.round(v));
  return String(Number(v.toPrecision(2)));
}

/**
 * The score against its threshold, as the comparison that decided: "p = 0.003 < 0.05",
 * "p = 0.41 ≥ 0.05", "0.18 ≥ 0.1", "0.04 < 0.1"; "no data" without a score.
 */
export function scoreVsThreshold(
  f: Pick<DriftFeature, "method" | "score" | "threshold" | "drifted">,
): string {
  if (f.score === null || !Number.isFinite(f.score)) return "no data";
  const s = formatScore(f.score);
  const t = formatScore(f.threshold);
  if (isPValueMethod(f.method)) {
    const op = f.method === "ks" ? (f.drifted ? "≤" : ">") : f.drifted ? "<" : "≥";
    return `p = ${s} ${op} ${t}`;
  }
  return `${s} ${f.drifted ? "≥" : "<"} ${t}`;
}

/** The rule in words, for the score column's header and the chart description. */
export function ruleText(method: DriftMethod, threshold: number): string {
  const t = formatScore(threshold);
  if (method === "ks") return `p-value; drift at p ≤ ${t}`;
  if (isPValueMethod(method)) return `p-value; drift at p < ${t}`;
  return `distance; drift at ≥ ${t}`;
}

/** How far past (or short of) the threshold a feature is: above 1 is drift, larger is worse. */
export function severity(f: Pick<DriftFeature, "method" | "score" | "threshold">): number {
  if (f.score === null || !Number.isFinite(f.score)) return -1;
  if (isPValueMethod(f.method)) return f.score <= 0 ? Number.MAX_VALUE : f.threshold / f.score;
  return f.threshold > 0 ? f.score / f.threshold : f.score;
}

/** Drifted features first, each group by severity (worst first), then by name. */
export function sortFeatures<
  T extends Pick<DriftFeature, "name" | "method" | "score" | "threshold" | "drifted">,
>(features: T[]): T[] {
  return [...features].sort(
    (a, b) =>
      Number(b.drifted) - Number(a.drifted) ||
      severity(b) - severity(a) ||
      a.name.localeCompare(b.name),
  );
}

/** The feature in `?feature=` when the result has it, else the first of the sorted list. */
export function selectedFeature<T extends { name: string }>(
  sorted: T[],
  asked: string | null | undefined,
): T | undefined {
  return sorted.find((f) => f.name === asked) ?? sorted[0];
}

/** The search string with `?feature=` set, other parameters kept. */
export function withFeature(search: string, name: string | null): string {
  const p = new URLSearchParams(search);
  if (name) p.set("feature", name);
  else p.delete("feature");
  const s = p.toString();
  return s ? `?${s}` : "";
}

// ---------------------------------------------------------------------------------------------
// The summary banner.

export function formatShare(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "—";
  return `${Math.round(fraction * 100)} %`;
}

export interface DriftBanner {
  tone: "ok" | "crit" | "neutral";
  title: string;
  detail: string;
}

export function driftBanner(
  r: Pick<DriftResult, "drifted" | "share" | "driftShare" | "rowCount" | "features">,
): DriftBanner {
  const n = r.features.length;
  const drifted = r.features.filter((f) => f.drifted).length;
  if (r.rowCount === 0)
    return {
      tone: "neutral",
      title: "No predictions in this range",
      detail: "There is nothing to compare with the reference data.",
    };
  const of = `${drifted} of ${n} feature${n === 1 ? "" : "s"} drifted (${formatShare(r.share)})`;
  return r.drifted
    ? {
        tone: "crit",
        title: "Dataset drift detected",
        detail: `${of}, at or above the dataset threshold of ${formatShare(r.driftShare)}.`,
      }
    : {
        tone: "ok",
        title: "No dataset drift",
        detail: `${of}, below the dataset threshold of ${formatShare(r.driftShare)}.`,
      };
}

// ---------------------------------------------------------------------------------------------
// Histograms: reference and current as shares, so windows of different sizes compare.

export interface HistogramRow {
  /** Axis label: a category, or a bin's lower edge. */
  label: string;
  /** Full label for tooltips and screen readers: "12.5 – 15". */
  range: string;
  /** Percentages (0–100) of the non-missing values. */
  reference: number;
  current: number;
  referenceCount: number;
  currentCount: number;
}

/** A bin edge, short: enough digits to tell neighbours apart. */
export function formatEdge(v: number, step: number): string {
  if (!Number.isFinite(v)) return String(v);
  const digits = step > 0 ? Math.max(0, Math.min(6, Math.ceil(-Math.log10(step)) + 1)) : 2;
  return String(Number(v.toFixed(digits)));
}

const total = (counts: number[]) => counts.reduce((s, c) => s + (Number.isFinite(c) ? c : 0), 0);
const pct = (c: number, t: number) => (t > 0 ? Number(((c / t) * 100).toFixed(4)) : 0);

/** Rows for an overlaid bar chart of one feature; the two histograms share bins (or categories). */
export function histogramRows(reference: DriftHistogram, current: DriftHistogram): HistogramRow[] {
  const rt = total(reference.counts);
  const ct = total(current.counts);
  if (reference.kind === "bins") {
    const edges = reference.edges;
    const step =
      edges.length > 1 ? Math.abs(edges[edges.length - 1] - edges[0]) / (edges.length - 1) : 0;
    return reference.counts.map((rc, i) => {
      const cc = current.counts[i] ?? 0;
      const lo = edges[i];
      const hi = edges[i + 1] ?? lo;
      return {
        label: formatEdge(lo, step),
        range:
          lo === hi ? formatEdge(lo, step) : `${formatEdge(lo, step)} – ${formatEdge(hi, step)}`,
        reference: pct(rc, rt),
        current: pct(cc, ct),
        referenceCount: rc,
        currentCount: cc,
      };
    });
  }
  return reference.categories.map((c, i) => {
    const rc = reference.counts[i] ?? 0;
    const cc = current.counts[i] ?? 0;
    return {
      label: String(c),
      range: String(c),
      reference: pct(rc, rt),
      current: pct(cc, ct),
      referenceCount: rc,
      currentCount: cc,
    };
  });
}

/** A text version of the histogram for screen readers. */
export function describeHistogram(feature: string, rows: HistogramRow[]): string {
  if (!rows.length) return `${feature}: no values`;
  const top = (key: "reference" | "current") => rows.reduce((a, b) => (b[key] > a[key] ? b : a));
  const r = top("reference");
  const c = top("current");
  return `Distribution of ${feature}, reference vs current, in ${rows.length} ${rows.length === 1 ? "bin" : "bins"}. Most common in the reference: ${r.range} (${r.reference.toFixed(1)} %); in the current window: ${c.range} (${c.current.toFixed(1)} %).`;
}

// ---------------------------------------------------------------------------------------------
// Drift over time, from the stored reports.

export interface ScoreRow {
  /** End of the report's window (ms). */
  t: number;
  score: number | null;
  share: number;
  featureDrifted: boolean;
  datasetDrifted: boolean;
  rowCount: number;
}

export function scoreRows(
  items: DriftReport[],
  feature: string | undefined,
  rule?: { method: DriftMethod; threshold: number },
): ScoreRow[] {
  return items
    .map((r) => {
      const raw = feature ? r.scores[feature] : undefined;
      const score = raw === undefined || raw === null || !Number.isFinite(raw) ? null : raw;
      return {
        t: Date.parse(r.to),
        score,
        share: r.share * 100,
        featureDrifted: rule ? scoreDrifted(rule.method, score, rule.threshold) : false,
        datasetDrifted: r.drifted,
        rowCount: r.rowCount,
      };
    })
    .sort((a, b) => a.t - b.t);
}

export interface Span {
  x1: number;
  x2: number;
}

/**
 * Runs of consecutive drifted reports as spans to shade, each from its first report's window
 * start to its last report's window end (reports cover the window before their time).
 */
export function driftSpans(items: DriftReport[], drifted: (r: DriftReport) => boolean): Span[] {
  const sorted = [...items].sort((a, b) => Date.parse(a.to) - Date.parse(b.to));
  const spans: Span[] = [];
  let open: Span | null = null;
  for (const r of sorted) {
    if (drifted(r)) {
      const from = Date.parse(r.from);
      const to = Date.parse(r.to);
      if (open && from <= open.x2) open.x2 = Math.max(open.x2, to);
      else {
        open = { x1: from, x2: to };
        spans.push(open);
      }
    } else open = null;
  }
  return spans;
}

/** The y-axis of a score chart: p-values on [0, 1]; distances from zero past the threshold. */
export function scoreDomain(
  method: DriftMethod,
  scores: (number | null)[],
  threshold: number,
): [number, number] {
  if (isPValueMethod(method)) return [0, 1];
  let max = threshold;
  for (const s of scores) if (s !== null && Number.isFinite(s) && s > max) max = s;
  const top = max * 1.15;
  const p = 10 ** Math.floor(Math.log10(top));
  const nice = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((n) => n * p >= top - 1e-12) ?? 10;
  return [0, Number((nice * p).toPrecision(6))];
}

export function describeScores(
  feature: string,
  rows: ScoreRow[],
  method: DriftMethod,
  threshold: number,
): string {
  const values = rows.map((r) => r.score).filter((v): v is number => v !== null);
  if (!values.length) return `${feature}: no stored scores in this range`;
  const drifted = rows.filter((r) => r.featureDrifted).length;
  return `Drift score of ${feature} (${scoreKind(method)}) in ${rows.length} reports, between ${formatScore(Math.min(...values))} and ${formatScore(Math.max(...values))}; threshold ${formatScore(threshold)}; drifted in ${drifted} of ${rows.length} reports.`;
}

export function describeShares(rows: ScoreRow[], driftShare: number): string {
  if (!rows.length) return "Share of drifted features: no stored reports in this range";
  const max = Math.max(...rows.map((r) => r.share));
  const drifted = rows.filter((r) => r.datasetDrifted).length;
  return `Share of drifted features per report, up to ${Math.round(max)} %; dataset threshold ${formatShare(driftShare)}; dataset drifted in ${drifted} of ${rows.length} reports.`;
}

// ---------------------------------------------------------------------------------------------
// Reference data summary (version page).

export function formatStat(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const abs = Math.abs(v);
  if (abs >= 1e5) return v.toExponential(2);
  if (abs >= 100) return v.toFixed(1);
  if (abs >= 1 || abs === 0) return String(Number(v.toFixed(2)));
  return String(Number(v.toPrecision(3)));
}

/** "16.4 ± 7.35" for numerical features; "rain 43 %, sun 44 %, …" for categorical ones. */
export function describeReferenceFeature(f: ReferenceFeatureSummary, maxCategories = 3): string {
  if (f.type === "numerical")
    return f.mean === null ? "—" : `${formatStat(f.mean)} ± ${formatStat(f.std)}`;
  const cats = f.topCategories ?? [];
  if (!cats.length) return "—";
  const shown = cats
    .slice(0, maxCategories)
    .map(([c, n]) => `${String(c)} ${f.count ? Math.round((n / f.count) * 100) : 0} %`);
  return cats.length > maxCategories || f.distinct > maxCategories
    ? `${shown.join(", ")}, …`
    : shown.join(", ");
}

/** `?types=` for a re-upload: only the features whose type differs from what was inferred. */
export function typesParam(overrides: Record<string, FeatureType | undefined>): string {
  return Object.entries(overrides)
    .filter(([, t]) => t === "numerical" || t === "categorical")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, t]) => `${name}:${t}`)
    .join(",");
}

/** Whether the type picked for any feature differs from the one its reference data has. */
export function typesChanged(
  features: ReferenceFeatureSummary[],
  types: Record<string, FeatureType>,
): boolean {
  return features.some((f) => (types[f.name] ?? f.type) !== f.type);
}

/**
 * The types a re-upload sends: each picked type that differs from the one the reference data
 * has, and each that was set by an earlier upload (so it stays set rather than re-inferred).
 */
export function overridesToSend(
  features: ReferenceFeatureSummary[],
  types: Record<string, FeatureType>,
): Record<string, FeatureType> {
  const byName = new Map(features.map((f) => [f.name, f]));
  return Object.fromEntries(
    Object.entries(types).filter(
      ([n, t]) => t !== byName.get(n)?.type || byName.get(n)?.overridden,
    ),
  );
}

// ─────────────────────────── model outputs and data quality ───────────────────────────

/** A row of the drift table: a feature, or the model's output or the labels (no quality). */
export type DriftEntry = Omit<DriftFeature, "quality"> & {
  quality: DriftFeature["quality"] | null;
  output?: "prediction" | "target";
};

/** The model's outputs first (prediction, then labels), as rows of the same table. */
export function outputEntries(r: Pick<DriftResult, "prediction" | "target">): DriftEntry[] {
  const out: DriftEntry[] = [];
  if (r.prediction) out.push({ ...r.prediction, quality: null, output: "prediction" });
  if (r.target) out.push({ ...r.target, quality: null, output: "target" });
  return out;
}

const QUALITY_ISSUES = [
  ["missing", "missing"],
  ["wrongType", "wrong type"],
  ["outOfRange", "out of range"],
  ["unseen", "unseen"],
] as const;

/** Where data quality warns: above this share of values with one issue. */
export const QUALITY_WARN_SHARE = 0.05;

/** The worst quality issue of a feature ("12 % out of range"), or null when it is clean. */
export function worstIssue(
  q: DriftFeature["quality"] | null,
): { share: number; label: string; warn: boolean } | null {
  if (!q || q.count === 0) return null;
  let worst: { share: number; label: string } | null = null;
  for (const [key, label] of QUALITY_ISSUES) {
    const share = q[key];
    if (share !== null && share > 0 && (!worst || share > worst.share)) worst = { share, label };
  }
  if (!worst) return null;
  const pct = worst.share * 100;
  return {
    share: worst.share,
    label: `${pct < 1 ? pct.toFixed(1) : Math.round(pct)} % ${worst.label}`,
    warn: worst.share > QUALITY_WARN_SHARE,
  };
}

/** History items with the prediction's score under its name, so its history draws as a feature's. */
export function withOutputScores<
  T extends { scores: Record<string, number | null>; predictionScore: number | null },
>(items: T[]): T[] {
  return items.map((i) => ({ ...i, scores: { ...i.scores, prediction: i.predictionScore } }));
}
