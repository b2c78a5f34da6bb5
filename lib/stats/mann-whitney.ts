// The Mann-Whitney U test, answering what SciPy 1.10's
// `scipy.stats.mannwhitneyu(x, y, alternative, use_continuity=True, method="auto")` answers
// (scipy/stats/_mannwhitneyu.py), checked against it in lib/stats/fixtures/canary-stats.json.
//
// - U is U1, the statistic of x: R1 − n1(n1 + 1)/2 with midranks for ties.
// - method "auto" is SciPy's _mwu_choose_method: asymptotic when both samples hold more than 8
//   values, or when any value is tied; otherwise the exact null distribution.
// - asymptotic: normal approximation with the tie-corrected variance and a 0.5 continuity
//   correction (always subtracted, since the p-value is always an upper tail).
// - two-sided: twice the upper tail of max(U1, U2), clipped to 1.
//
// The samples are sorted once and ranked by a merge, O((n1 + n2) log(n1 + n2)).

import { normalSf } from "./drift-math";

export type Alternative = "greater" | "less" | "two-sided";

export interface MannWhitneyResult {
  /** U1, the statistic of the first sample, whatever the alternative. */
  u: number;
  pValue: number;
  method: "exact" | "asymptotic";
}

/** SciPy uses the exact distribution only for small, tie-free samples (either side at most 8). */
const EXACT_MAX = 8;

/**
 * Mann-Whitney U test of x against y; "greater" means x tends to be larger than y.
 * Throws a RangeError for an empty sample or a NaN (callers check their sample counts first).
 */
export function mannWhitneyU(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  alternative: Alternative = "two-sided",
): MannWhitneyResult {
  return mannWhitneyUSorted(Float64Array.from(x).sort(), Float64Array.from(y).sort(), alternative);
}

/** mannWhitneyU for samples already sorted ascending, for callers that sort once for other uses. */
export function mannWhitneyUSorted(
  xs: Float64Array,
  ys: Float64Array,
  alternative: Alternative = "two-sided",
): MannWhitneyResult {
  checkSample(xs, "x");
  checkSample(ys, "y");
  const n1 = xs.length;
  const n2 = ys.length;
  const { rankSumX, tieTerm } = mergeRanks(xs, ys);
  const u1 = rankSumX - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const [u, factor] =
    alternative === "greater" ? [u1, 1] : alternative === "less" ? [u2, 1] : [Math.max(u1, u2), 2];
  const exact = (n1 <= EXACT_MAX || n2 <= EXACT_MAX) && tieTerm === 0;
  const upper = exact ? exactSf(u, n1, n2) : normalSf(asymptoticZ(u, n1, n2, tieTerm));
  return {
    u: u1,
    pValue: Math.min(1, Math.max(0, factor * upper)),
    method: exact ? "exact" : "asymptotic",
  };
}

function checkSample(s: Float64Array, name: string) {
  if (s.length === 0) throw new RangeError(`Mann-Whitney: sample ${name} is empty`);
  // A typed-array sort puts NaN last.
  if (Number.isNaN(s[s.length - 1])) throw new RangeError(`Mann-Whitney: sample ${name} holds NaN`);
}

/**
 * Walk both sorted samples as one: the sum of x's midranks, and Σ(t³ − t) over groups of t
 * equal values (0 exactly when nothing is tied).
 */
function mergeRanks(xs: Float64Array, ys: Float64Array): { rankSumX: number; tieTerm: number } {
  let i = 0;
  let j = 0;
  let below = 0;
  let rankSumX = 0;
  let tieTerm = 0;
  while (i < xs.length || j < ys.length) {
    const v = j >= ys.length || (i < xs.length && xs[i] <= ys[j]) ? xs[i] : ys[j];
    const i0 = i;
    const j0 = j;
    while (i < xs.length && xs[i] === v) i++;
    while (j < ys.length && ys[j] === v) j++;
    const t = i - i0 + (j - j0);
    rankSumX += (i - i0) * (below + (t + 1) / 2);
    if (t > 1) tieTerm += (t - 1) * t * (t + 1);
    below += t;
  }
  return { rankSumX, tieTerm };
}

/** Standardized U with SciPy's tie-corrected variance and continuity correction. */
function asymptoticZ(u: number, n1: number, n2: number, tieTerm: number): number {
  const n = n1 + n2;
  // All values tied gives variance 0 (rounding may leave it a hair below): z = −∞, p = 1.
  const variance = Math.max(0, ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  return (u - (n1 * n2) / 2 - 0.5) / Math.sqrt(variance);
}

/** Pr(U ≥ u) under the null hypothesis, no ties: SciPy's _MWU.sf. */
function exactSf(u: number, n1: number, n2: number): number {
  // By symmetry Pr(U ≥ u) = Pr(U ≤ n1·n2 − u).
  return exactCdf(n1 * n2 - u, Math.min(n1, n2), Math.max(n1, n2));
}

/**
 * Pr(U ≤ k) for samples of m ≤ n values. The number of arrangements giving U = k is the
 * coefficient of q^k in the Gaussian binomial [m+n choose m]_q, built up as
 * Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i): each factor is a pass over the coefficients, and only
 * those up to k are needed, so this is O(m·k) time, far below SciPy's O(m·n·k) table. The
 * smaller tail is summed (the other by complement), so small p-values keep their precision:
 * coefficients below n + 1 never see a subtraction.
 */
function exactCdf(k: number, m: number, n: number): number {
  const mn = m * n;
  if (k < 0) return 0;
  if (k >= mn) return 1;
  const complement = mn - k - 1;
  if (complement < k) return 1 - exactCdf(complement, m, n);
  const c = new Float64Array(k + 1);
  c[0] = 1;
  let total = 1; // C(n + i, i), the number of all arrangements so far
  for (let i = 1; i <= m; i++) {
    for (let t = k; t >= n + i; t--) c[t] -= c[t - n - i];
    for (let t = i; t <= k; t++) c[t] += c[t - i];
    total = (total * (n + i)) / i;
  }
  let count = 0;
  for (let t = 0; t <= k; t++) count += c[t];
  return count / total;
}
