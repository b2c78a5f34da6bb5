// Data-drift statistics for one feature (reference vs current), compatible with Evidently's
// defaults (evidently.legacy.calculations.stattests, registry._get_default_stattest) and
// checked against SciPy (see lib/stats/fixtures/drift.json, made by
// scripts/fixtures/scipy_drift.py).
//
// Everything is pure. A reference column is first turned into a ReferenceProfile (sorted
// values for numerical features, category counts for categorical ones; JSON-serializable so it
// can be stored), and every test runs from a profile plus the current values, so a drift check
// never needs the raw reference again. Passing a raw reference column simply builds an
// uncapped profile first, so both paths give identical answers.
//
// Compatibility decisions (details at each function):
// - Missing values are skipped: null, undefined, NaN and, for numerical features, ±Infinity and
//   non-number values (Evidently replaces ±inf by NaN and drops NaN before every test).
// - KS drifts when p <= threshold (Evidently's ks_stat_test uses <=); chi-squared and Z drift
//   when p < threshold; Wasserstein, Jensen–Shannon and PSI when the score >= threshold.
// - Chi-squared with a current category never seen in the reference: expected count 0, so,
//   like scipy.stats.chisquare (and therefore Evidently), statistic +Infinity and p-value 0
//   (drift); the categories are listed in `unseenInReference`. JSON.stringify turns Infinity
//   into null, so store `statistic` accordingly.
// - Jensen–Shannon uses the natural logarithm (SciPy's default base; current Evidently passes
//   base=None — some older releases passed base=2, available through options.base).
// - PSI fills empty proportions as Evidently's get_binned_data does: 0.0001, or (min non-zero
//   proportion)/1e6 when that minimum is itself <= 0.0001.
// - Binning for PSI/JS of a numerical feature: more than 20 distinct *reference* values
//   (Evidently counts reference.nunique()) → numpy "sturges" equal-width bins over reference and
//   current combined; otherwise one bin per distinct value over the union.

import {
  chi2Sf,
  gcd,
  kolmogorovSf,
  ksExactTwoSided,
  normalTwoSided,
  roundHalfEven,
} from "./drift-math";

export type Category = string | number | boolean;
export type Value = Category | null | undefined;
export type FeatureType = "numerical" | "categorical";
export type DriftMethod = "ks" | "chisquare" | "z" | "wasserstein" | "jensenshannon" | "psi";

/** Default sorted-sample cap of a numerical profile. */
export const PROFILE_SAMPLE_CAP = 100_000;
/** At most this many distinct reference values → per-value bins and stored value counts. */
export const MAX_VALUE_BINS = 20;

export const DEFAULT_THRESHOLDS: Record<DriftMethod, number> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};
/** Share of drifted features at or above which the dataset drifts (Evidently's drift_share). */
export const DEFAULT_DRIFT_SHARE = 0.5;

// ---------------------------------------------------------------------------------------------
// Profiles

export interface NumericalProfile {
  kind: "numerical";
  version: 1;
  /** Non-missing reference values. */
  count: number;
  missing: number;
  mean: number;
  /** Population standard deviation (numpy.std, ddof = 0). */
  std: number;
  min: number;
  max: number;
  /** Exact number of distinct non-missing reference values. */
  distinct: number;
  /**
   * Sorted reference values: all of them when count <= the sample cap, otherwise `cap` evenly
   * spaced order statistics (value at rank floor((i + 0.5)·count / cap)), and `sampled` is true.
   */
  sorted: number[];
  sampled: boolean;
  /** [value, count] in ascending value order, exact, when distinct <= 20. */
  valueCounts: [number, number][] | null;
}

export interface CategoricalProfile {
  kind: "categorical";
  version: 1;
  count: number;
  missing: number;
  distinct: number;
  /** [category, count], all categories, in first-seen order. */
  categories: [Category, number][];
}

export type ReferenceProfile = NumericalProfile | CategoricalProfile;

/** Missing: null, undefined or NaN (shared by the CBPE and data-quality modules). */
export const isMissing = (v: Value): v is null | undefined =>
  v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));

/** Numerical when every non-missing value is a number (booleans and strings are categorical). */
export function inferFeatureType(values: ArrayLike<Value>): FeatureType {
  if (
    values instanceof Float64Array ||
    values instanceof Float32Array ||
    values instanceof Int32Array
  )
    return "numerical";
  let seen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    if (typeof v !== "number") return "categorical";
    seen = true;
  }
  return seen ? "numerical" : "categorical";
}

/** The finite numbers of a column, sorted ascending, in a fresh Float64Array. */
export function sortedFinite(values: ArrayLike<Value>): Float64Array {
  const out = new Float64Array(values.length);
  let k = 0;
  if (values instanceof Float64Array || values instanceof Float32Array) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v - v === 0) out[k++] = v; // finite
    }
  } else {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === "number" && v - v === 0) out[k++] = v;
    }
  }
  return out.subarray(0, k).sort();
}

const sortedCache = new WeakMap<NumericalProfile, Float64Array>();

/** The profile's sorted values as a Float64Array (cached per profile object). */
export function profileSorted(p: NumericalProfile): Float64Array {
  let s = sortedCache.get(p);
  if (!s) {
    s = Float64Array.from(p.sorted);
    sortedCache.set(p, s);
  }
  return s;
}

/** Population mean and standard deviation, two-pass (as numpy.mean / numpy.std). */
function meanStd(s: Float64Array): { mean: number; std: number } {
  const n = s.length;
  if (!n) return { mean: 0, std: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = s[i] - mean;
    ss += d * d;
  }
  return { mean, std: Math.sqrt(ss / n) };
}

function countDistinctSorted(s: Float64Array): number {
  if (!s.length) return 0;
  let d = 1;
  for (let i = 1; i < s.length; i++) if (s[i] !== s[i - 1]) d++;
  return d;
}

function valueCountsSorted(s: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < s.length) {
    const v = s[i];
    let j = i + 1;
    while (j < s.length && s[j] === v) j++;
    out.push([v, j - i]);
    i = j;
  }
  return out;
}

export interface ProfileOptions {
  type?: FeatureType;
  /** Cap on the sorted values kept for a numerical feature (default 100,000; Infinity for all). */
  sampleCap?: number;
}

/** Build the reference profile of one column (computed once, stored, reused by every check). */
export function profileReference(
  values: ArrayLike<Value>,
  options: ProfileOptions = {},
): ReferenceProfile {
  const type = options.type ?? inferFeatureType(values);
  if (type === "categorical") {
    const counts = countCategories(values);
    let count = 0;
    for (const c of counts.values()) count += c;
    return {
      kind: "categorical",
      version: 1,
      count,
      missing: values.length - count,
      distinct: counts.size,
      categories: [...counts.entries()],
    };
  }
  const s = sortedFinite(values);
  const n = s.length;
  const cap = options.sampleCap ?? PROFILE_SAMPLE_CAP;
  const { mean, std } = meanStd(s);
  const distinct = countDistinctSorted(s);
  let kept = s;
  let sampled = false;
  if (n > cap) {
    const k = Math.max(1, Math.floor(cap));
    kept = new Float64Array(k);
    for (let i = 0; i < k; i++) kept[i] = s[Math.floor(((i + 0.5) * n) / k)];
    sampled = true;
  }
  const profile: NumericalProfile = {
    kind: "numerical",
    version: 1,
    count: n,
    missing: values.length - n,
    mean,
    std,
    min: n ? s[0] : 0,
    max: n ? s[n - 1] : 0,
    distinct,
    sorted: Array.from(kept),
    sampled,
    valueCounts: distinct <= MAX_VALUE_BINS ? valueCountsSorted(s) : null,
  };
  sortedCache.set(profile, kept);
  return profile;
}

/** Counts of non-missing values, keyed by the value itself (1 and "1" are different categories). */
export function countCategories(values: ArrayLike<Value>): Map<Category, number> {
  const m = new Map<Category, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    m.set(v, (m.get(v) ?? 0) + 1);
  }
  return m;
}

/** Category counts of a reference profile (for a numerical one: per distinct value). */
function referenceCounts(p: ReferenceProfile): Map<Category, number> {
  if (p.kind === "categorical") return new Map(p.categories);
  if (p.valueCounts) return new Map(p.valueCounts);
  // Many distinct values (only reached through a method override): run lengths of the kept
  // values; when the profile is sampled each kept value stands for count/sample values.
  const m = new Map<Category, number>();
  const scale = p.sampled ? p.count / p.sorted.length : 1;
  for (const [v, c] of valueCountsSorted(profileSorted(p))) m.set(v, c * scale);
  return m;
}

/** Deterministic display order: numbers ascending, then false < true, then strings. */
export function compareCategories(a: Category, b: Category): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) {
    const rank = { number: 0, boolean: 1, string: 2 } as Record<string, number>;
    return rank[ta] - rank[tb];
  }
  if (ta === "string")
    return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  return Number(a) - Number(b);
}

function unionCategories(ref: Map<Category, number>, cur: Map<Category, number>): Category[] {
  const keys = new Set<Category>(ref.keys());
  for (const k of cur.keys()) keys.add(k);
  return [...keys].sort(compareCategories);
}

// ---------------------------------------------------------------------------------------------
// Two-sample Kolmogorov–Smirnov

export interface KsResult {
  statistic: number;
  pValue: number;
  /** How the p-value was computed (SciPy's `method="auto"`: exact when max(n1, n2) <= 10,000). */
  method: "exact" | "asymp";
}

export const KS_MAX_AUTO_N = 10_000;

/** The KS statistic of two sorted samples: max |F1 − F2| over all points (ties: ECDFs right-continuous). */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  const negMin = Math.min(Math.max(-minS, 0), 1);
  return negMin > maxS ? negMin : maxS;
}

/**
 * scipy.stats.ks_2samp(a, b) (two-sided, method "auto") on sorted samples. `n1`/`n2` are the
 * sample sizes used for the p-value; they differ from the array lengths only when `a` is a
 * sampled profile (then the statistic is estimated from the sample, the p-value uses the
 * true size, and max(n1, n2) > 10,000 means the asymptotic distribution anyway).
 */
export function ks2sampSorted(
  a: Float64Array,
  b: Float64Array,
  options: { method?: "auto" | "exact" | "asymp"; n1?: number; n2?: number } = {},
): KsResult {
  const n1 = options.n1 ?? a.length;
  const n2 = options.n2 ?? b.length;
  if (!a.length || !b.length) return { statistic: NaN, pValue: NaN, method: "asymp" };
  let d = ksStatisticSorted(a, b);
  let mode = options.method ?? "auto";
  if (mode === "auto") mode = Math.max(n1, n2) <= KS_MAX_AUTO_N ? "exact" : "asymp";
  if (mode === "exact" && (n1 !== a.length || n2 !== b.length)) mode = "asymp";
  if (mode === "exact") {
    // SciPy: if lcm(n1, n2) is too big, switch from exact to asymp.
    const g = gcd(n1, n2);
    if (n1 / g >= 2147483647 / (n2 / g)) mode = "asymp";
  }
  if (mode === "exact") {
    const r = ksExactTwoSided(n1, n2, d);
    d = r.d;
    if (!Number.isNaN(r.p)) return { statistic: d, pValue: r.p, method: "exact" };
    mode = "asymp"; // SciPy falls back (with a warning) when the exact computation fails
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  return { statistic: d, pValue: kolmogorovSf(roundHalfEven(en), d), method: "asymp" };
}

/** scipy.stats.ks_2samp(a, b) two-sided with method "auto"; missing values skipped. */
export function ks2samp(
  a: ArrayLike<Value>,
  b: ArrayLike<Value>,
  options: { method?: "auto" | "exact" | "asymp" } = {},
) {
  return ks2sampSorted(sortedFinite(a), sortedFinite(b), options);
}

// ---------------------------------------------------------------------------------------------
// Wasserstein

/** scipy.stats.wasserstein_distance(u, v) for sorted samples: ∫ |U − V| over the merged values. */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  if (!n1 || !n2) return NaN;
  let i = 0;
  let j = 0;
  let sum = 0;
  let v = a[0] <= b[0] ? a[0] : b[0];
  while (i < n1 || j < n2) {
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    if (i >= n1 && j >= n2) break;
    const next = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
    const diff = i / n1 - j / n2;
    sum += (diff < 0 ? -diff : diff) * (next - v);
    v = next;
  }
  return sum;
}

export function wassersteinDistance(u: ArrayLike<Value>, v: ArrayLike<Value>): number {
  return wassersteinSorted(sortedFinite(u), sortedFinite(v));
}

/** Evidently's normed Wasserstein: distance / max(numpy.std(reference), 0.001). */
export function wassersteinNormed(distance: number, referenceStd: number): number {
  return distance / Math.max(referenceStd, 0.001);
}

// ---------------------------------------------------------------------------------------------
// Chi-squared, Z-test

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  df: number;
  unseenInReference: Category[];
}

/** scipy.stats.chisquare(f_obs, f_exp): Σ (o − e)²/e, p = chi2.sf(stat, k − 1). */
export function chisquare(
  fObs: ArrayLike<number>,
  fExp: ArrayLike<number>,
): { statistic: number; pValue: number; df: number } {
  const k = fObs.length;
  let stat = 0;
  for (let i = 0; i < k; i++) {
    const d = fObs[i] - fExp[i];
    stat += fExp[i] === 0 ? (d === 0 ? NaN : Infinity) : (d * d) / fExp[i];
  }
  const df = k - 1;
  if (df < 1) return { statistic: 0, pValue: 1, df: Math.max(df, 0) };
  return { statistic: stat, pValue: chi2Sf(stat, df), df };
}

/**
 * Evidently's chisquare_stattest: over the union of categories, observed = current counts,
 * expected = reference counts × (current size / reference size).
 */
export function chiSquareCounts(
  ref: Map<Category, number>,
  cur: Map<Category, number>,
): ChiSquareResult {
  const keys = unionCategories(ref, cur);
  let nRef = 0;
  let nCur = 0;
  for (const c of ref.values()) nRef += c;
  for (const c of cur.values()) nCur += c;
  const kNorm = nCur / nRef;
  const obs = new Float64Array(keys.length);
  const exp = new Float64Array(keys.length);
  const unseen: Category[] = [];
  keys.forEach((key, i) => {
    obs[i] = cur.get(key) ?? 0;
    exp[i] = (ref.get(key) ?? 0) * kNorm;
    if (exp[i] === 0 && obs[i] > 0) unseen.push(key);
  });
  const r = chisquare(obs, exp);
  return { ...r, unseenInReference: unseen };
}

/**
 * Evidently's z_stat_test (two proportions, pooled): the first category in sorted order is 0,
 * every other one 1; z = (p1 − p2)/√(P(1 − P)(1/n1 + 1/n2)), p = 2·(1 − Φ(|z|)). When both
 * samples hold the same single value: p = 1 (statistic 0).
 */
export function proportionsZTest(
  ref: Map<Category, number>,
  cur: Map<Category, number>,
): { statistic: number; pValue: number } {
  if (ref.size === 1 && cur.size === 1 && [...ref.keys()][0] === [...cur.keys()][0])
    return { statistic: 0, pValue: 1 };
  const first = unionCategories(ref, cur)[0];
  let n1 = 0;
  let n2 = 0;
  for (const c of ref.values()) n1 += c;
  for (const c of cur.values()) n2 += c;
  if (!n1 || !n2) return { statistic: NaN, pValue: NaN };
  const p1 = (n1 - (ref.get(first) ?? 0)) / n1;
  const p2 = (n2 - (cur.get(first) ?? 0)) / n2;
  const P = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: normalTwoSided(z) };
}

// ---------------------------------------------------------------------------------------------
// Distances over proportions

const relEntr = (x: number, y: number) =>
  x > 0 && y > 0 ? x * Math.log(x / y) : x === 0 && y >= 0 ? 0 : Infinity;

/** scipy.spatial.distance.jensenshannon(p, q, base): p and q are normalized first; natural log by default. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>, base?: number): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i];
    sq += q[i];
  }
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / sp;
    const qi = q[i] / sq;
    const m = (pi + qi) / 2;
    left += relEntr(pi, m);
    right += relEntr(qi, m);
  }
  let js = left + right;
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(js / 2);
}

/** Evidently's "feel zeroes": zero proportions become 0.0001, or min(non-zero)/1e6 when that min <= 0.0001. */
export function fillZeroes(percents: Float64Array): Float64Array {
  let min = Infinity;
  for (const v of percents) if (v !== 0 && v < min) min = v;
  const fill = min <= 0.0001 ? min / 1e6 : 0.0001;
  return percents.map((v) => (v === 0 ? fill : v));
}

/** PSI: Σ (cur − ref)·ln(cur/ref) over bins, after Evidently's zero filling. */
export function psi(refPercents: ArrayLike<number>, curPercents: ArrayLike<number>): number {
  const r = fillZeroes(Float64Array.from(refPercents));
  const c = fillZeroes(Float64Array.from(curPercents));
  let s = 0;
  for (let i = 0; i < r.length; i++) s += (r[i] - c[i]) * Math.log(r[i] / c[i]);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Binning

export type Histogram =
  | { kind: "bins"; edges: number[]; reference: number[]; current: number[] }
  | { kind: "categories"; categories: Category[]; reference: number[]; current: number[] };

/** numpy.histogram_bin_edges(values, bins="sturges") from the range and size of the data. */
export function sturgesEdges(min: number, max: number, size: number): number[] {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = (max - min) / (Math.log2(size) + 1);
  const bins = width ? Math.ceil((last - first) / width) : 1;
  const step = (last - first) / bins;
  const edges = new Array<number>(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/** First index with s[i] >= x. */
function lowerBound(s: Float64Array, x: number, lo = 0): number {
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * numpy.histogram(sorted, edges) counts: bins [e_i, e_{i+1}), the last one closed. `total`
 * rescales the counts of a sample to the size it stands for (sampled profiles).
 */
export function histogramSorted(s: Float64Array, edges: number[], total = s.length): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  if (!s.length) return counts;
  const scale = total / s.length;
  const at = (k: number) =>
    k === 0 ? 0 : k === s.length ? total : scale === 1 ? k : Math.round(k * scale);
  let prevIdx = lowerBound(s, edges[0]);
  for (let b = 0; b < bins; b++) {
    const idx =
      b === bins - 1 ? upperBound(s, edges[bins], prevIdx) : lowerBound(s, edges[b + 1], prevIdx);
    counts[b] = at(idx) - at(prevIdx);
    prevIdx = idx;
  }
  return counts;
}

function upperBound(s: Float64Array, x: number, lo = 0): number {
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Histograms of reference and current as Evidently's get_binned_data bins them. */
export function binnedHistogram(profile: ReferenceProfile, current: CurrentColumn): Histogram {
  if (profile.kind === "numerical" && profile.distinct > MAX_VALUE_BINS) {
    const cur = current.sorted!;
    const min = cur.length ? Math.min(profile.min, cur[0]) : profile.min;
    const max = cur.length ? Math.max(profile.max, cur[cur.length - 1]) : profile.max;
    const edges = sturgesEdges(min, max, profile.count + cur.length);
    return {
      kind: "bins",
      edges,
      reference: histogramSorted(profileSorted(profile), edges, profile.count),
      current: histogramSorted(cur, edges),
    };
  }
  const ref = referenceCounts(profile);
  const cur = current.counts();
  const categories = unionCategories(ref, cur);
  return {
    kind: "categories",
    categories,
    reference: categories.map((c) => ref.get(c) ?? 0),
    current: categories.map((c) => cur.get(c) ?? 0),
  };
}

/** Bin proportions (count / column size) of a histogram. */
export function histogramPercents(h: Histogram): {
  reference: Float64Array;
  current: Float64Array;
} {
  const norm = (xs: number[]) => {
    let t = 0;
    for (const x of xs) t += x;
    return Float64Array.from(xs, (x) => (t ? x / t : 0));
  };
  return { reference: norm(h.reference), current: norm(h.current) };
}

// ---------------------------------------------------------------------------------------------
// One feature, default method choice

/** The current column, prepared lazily: sorted finite numbers and/or category counts. */
interface CurrentColumn {
  sorted: Float64Array | null;
  count: number;
  counts: () => Map<Category, number>;
}

function prepareCurrent(values: ArrayLike<Value>, numerical: boolean): CurrentColumn {
  if (numerical) {
    const sorted = sortedFinite(values);
    let counts: Map<Category, number> | null = null;
    return {
      sorted,
      count: sorted.length,
      counts: () => (counts ??= new Map(valueCountsSorted(sorted))),
    };
  }
  const counts = countCategories(values);
  let count = 0;
  for (const c of counts.values()) count += c;
  return { sorted: null, count, counts: () => counts };
}

export interface FeatureDriftOptions {
  /** Declared type; inferred from the reference values when absent. */
  type?: FeatureType;
  method?: DriftMethod;
  threshold?: number;
  /** Logarithm base of the Jensen–Shannon distance (default e). */
  base?: number;
}

export interface FeatureDriftResult {
  type: FeatureType;
  method: DriftMethod;
  /** The drift score: the p-value for ks / chisquare / z, the distance for the others. */
  score: number;
  /** Test statistic (KS D, chi², z) or the distance itself. */
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  referenceCount: number;
  currentCount: number;
  histogram: Histogram;
  /** KS only: exact or asymptotic p-value. */
  ksMethod?: "exact" | "asymp";
  /** Chi-squared only: current categories absent from the reference (→ statistic ∞, p 0). */
  unseenInReference?: Category[];
  /** Wasserstein only: the raw (un-normed) distance. */
  distance?: number;
}

/** Distinct values over reference ∪ current, exact up to `limit` (Evidently's n_values), then capped. */
function combinedDistinct(
  profile: ReferenceProfile,
  current: CurrentColumn,
  limit: number,
): number {
  if (profile.distinct > limit) return profile.distinct;
  const ref = referenceCounts(profile);
  let n = ref.size;
  for (const k of current.counts().keys()) if (!ref.has(k)) n++;
  return n;
}

/**
 * Evidently's default test: <= 1,000 reference rows → KS for a numerical feature with more
 * than 5 distinct values (reference ∪ current), else chi-squared when more than 2 categories,
 * else the Z-test; > 1,000 rows → normed Wasserstein for a numerical feature with more than 5
 * distinct values, else Jensen–Shannon.
 */
export function defaultMethod(
  type: FeatureType,
  referenceRows: number,
  nValues: number,
): DriftMethod {
  if (referenceRows <= 1000) {
    if (type === "numerical" && nValues > 5) return "ks";
    return nValues > 2 ? "chisquare" : "z";
  }
  return type === "numerical" && nValues > 5 ? "wasserstein" : "jensenshannon";
}

/** Drift of one feature: a reference profile (or raw reference column) against current values. */
export function featureDrift(
  reference: ReferenceProfile | ArrayLike<Value>,
  current: ArrayLike<Value>,
  options: FeatureDriftOptions = {},
): FeatureDriftResult {
  const profile = isProfile(reference)
    ? reference
    : profileReference(reference, { type: options.type, sampleCap: Infinity });
  const type: FeatureType = profile.kind;
  const cur = prepareCurrent(current, type === "numerical");
  const method =
    options.method ?? defaultMethod(type, profile.count, combinedDistinct(profile, cur, 5));
  if (type === "categorical" && (method === "ks" || method === "wasserstein")) {
    throw new Error(`Drift method "${method}" applies to numerical features only`);
  }
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[method];
  const histogram = binnedHistogram(profile, cur);
  const base = {
    type,
    method,
    threshold,
    referenceCount: profile.count,
    currentCount: cur.count,
    histogram,
  };
  if (!profile.count || !cur.count) {
    return {
      ...base,
      score: NaN,
      statistic: NaN,
      pValue: method === "ks" || method === "chisquare" || method === "z" ? NaN : null,
      drifted: false,
    };
  }
  switch (method) {
    case "ks": {
      const p = profile as NumericalProfile;
      const r = ks2sampSorted(profileSorted(p), cur.sorted!, { n1: p.count });
      return {
        ...base,
        score: r.pValue,
        statistic: r.statistic,
        pValue: r.pValue,
        drifted: r.pValue <= threshold,
        ksMethod: r.method,
      };
    }
    case "chisquare": {
      const r = chiSquareCounts(referenceCounts(profile), cur.counts());
      return {
        ...base,
        score: r.pValue,
        statistic: r.statistic,
        pValue: r.pValue,
        drifted: r.pValue < threshold,
        unseenInReference: r.unseenInReference,
      };
    }
    case "z": {
      const r = proportionsZTest(referenceCounts(profile), cur.counts());
      return {
        ...base,
        score: r.pValue,
        statistic: r.statistic,
        pValue: r.pValue,
        drifted: r.pValue < threshold,
      };
    }
    case "wasserstein": {
      const p = profile as NumericalProfile;
      const distance = wassersteinSorted(profileSorted(p), cur.sorted!);
      const score = wassersteinNormed(distance, p.std);
      return {
        ...base,
        score,
        statistic: score,
        pValue: null,
        drifted: score >= threshold,
        distance,
      };
    }
    case "jensenshannon":
    case "psi": {
      const { reference: rp, current: cp } = histogramPercents(histogram);
      const score = method === "psi" ? psi(rp, cp) : jensenShannon(rp, cp, options.base);
      return { ...base, score, statistic: score, pValue: null, drifted: score >= threshold };
    }
  }
}

function isProfile(x: unknown): x is ReferenceProfile {
  return (
    typeof x === "object" &&
    x !== null &&
    !ArrayBuffer.isView(x) &&
    !Array.isArray(x) &&
    "kind" in x &&
    "version" in x
  );
}

// ---------------------------------------------------------------------------------------------
// Dataset level

export interface DatasetDriftResult<F extends { drifted: boolean } = FeatureDriftResult> {
  features: Record<string, F>;
  driftedCount: number;
  count: number;
  share: number;
  driftShare: number;
  drifted: boolean;
}

/** Dataset drift: drifted when the share of drifted features >= driftShare (default 0.5). */
export function datasetDrift(
  reference: Record<string, ReferenceProfile | ArrayLike<Value>>,
  current: Record<string, ArrayLike<Value>>,
  options: { driftShare?: number; features?: Record<string, FeatureDriftOptions> } = {},
): DatasetDriftResult {
  const features: Record<string, FeatureDriftResult> = {};
  for (const name of Object.keys(reference)) {
    features[name] = featureDrift(reference[name], current[name] ?? [], options.features?.[name]);
  }
  return summarizeDrift(features, options.driftShare);
}

export function summarizeDrift<F extends { drifted: boolean }>(
  features: Record<string, F>,
  driftShare = DEFAULT_DRIFT_SHARE,
): DatasetDriftResult<F> {
  const all = Object.values(features);
  const driftedCount = all.filter((f) => f.drifted).length;
  const share = all.length ? driftedCount / all.length : 0;
  return {
    features,
    driftedCount,
    count: all.length,
    share,
    driftShare,
    drifted: all.length > 0 && share >= driftShare,
  };
}

/** Profiles of every column of a reference dataset. */
export function profileDataset(
  columns: Record<string, ArrayLike<Value>>,
  options: { types?: Record<string, FeatureType>; sampleCap?: number } = {},
): Record<string, ReferenceProfile> {
  const out: Record<string, ReferenceProfile> = {};
  for (const [name, values] of Object.entries(columns)) {
    out[name] = profileReference(values, {
      type: options.types?.[name],
      sampleCap: options.sampleCap,
    });
  }
  return out;
}
