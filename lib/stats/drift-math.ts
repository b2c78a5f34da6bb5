// Special functions behind the drift tests, ported from SciPy so p-values agree with
// `scipy.stats` (SciPy 1.17): the finite-n two-sided Kolmogorov distribution
// (`scipy.stats.kstwo.sf`, i.e. scipy/stats/_ksstats.py after Simard & L'Ecuyer 2011), the
// one-sided Smirnov survival function (`scipy.special.smirnov`), and the exact two-sample KS
// p-values of `ks_2samp(method="exact")` (Hodges 1958; Viehmann 2021 for the "inside" method).
// The chi-squared and normal tails come from @stdlib (incomplete gamma, erfc); the canary
// analysis (mann-whitney.ts, proportions.ts) shares the normal ones.
//
// Everything here is pure and allocation-light; the only arrays are small scratch buffers
// (matrices of at most ~115×115 for the Durbin method, vectors of ~2·n·x for Pomeranz).

import erfc from "@stdlib/math-base-special-erfc";
import gammainc from "@stdlib/math-base-special-gammainc";

const E128 = 2 ** 128;
const EM128 = 2 ** -128;
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const MIN_LOG = -708;
/** cephes MINLOG: exp() below this underflows. */
const CEPHES_MINLOG = -7.08396418532264106224e2;
const EPS = 2 ** -52;

const clip01 = (p: number) => (p < 0 ? 0 : p > 1 ? 1 : p);

/** x · 2^e without intermediate overflow/underflow of 2^e (C's ldexp). */
export function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

/** numpy.round: round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

// ---------------------------------------------------------------------------------------------
// Chi-squared and normal tails

/** Survival function of the chi-squared distribution (scipy.stats.chi2.sf). */
export function chi2Sf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return gammainc(x / 2, df / 2, true, true);
}

/** Upper normal tail 1 − Φ(z) (scipy.stats.norm.sf), as erfc(z/√2)/2 to keep precision far out. */
export function normalSf(z: number): number {
  return erfc(z / Math.SQRT2) / 2;
}

/** Two-sided normal tail 2·(1 − Φ(|z|)), computed as erfc(|z|/√2) to keep precision. */
export function normalTwoSided(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

// ---------------------------------------------------------------------------------------------
// One-sided Smirnov distribution: scipy.special.smirnov(n, x) = Pr(D+_n >= x)

/**
 * Birnbaum–Tingey / Dwass sum, evaluated term by term in log space (SciPy's xsf uses
 * double-double arithmetic; plain doubles with logs keep ~1e-12 relative accuracy here).
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  const nxfl = Math.floor(nx);
  const alpha = nx - nxfl;
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  if (alpha === 0) n1mxfl -= 1;
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const t = Math.pow(1 + x, n - 1);
    return clip01(1 - x * t);
  }
  if (-2 * n * x * x < CEPHES_MINLOG) return 0;
  if (nxfl >= n - 1) return clip01(Math.pow(1 - x, n));
  if (n > 1_000_000) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return clip01(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }
  // sf = x · Σ_{v=0}^{n1mxfl} C(n,v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v)
  const nTerms = n1mxfl + 1;
  const vmid = Math.floor(n / 2);
  let logC = 0; // log C(n, v)
  let sum = Math.exp(n * Math.log1p(-x)) / x; // v = 0
  for (let v = 1; v < nTerms; v++) {
    logC += Math.log((n - v + 1) / v);
    const a = v / n + x;
    const b = (n - v) / n - x;
    const term = b > 0 ? Math.exp(logC + (v - 1) * Math.log(a) + (n - v) * Math.log(b)) : 0;
    if (Number.isFinite(term) && term !== 0) sum += term;
    if (term !== 0) {
      if (4 * (nTerms - v) * Math.abs(term) < EPS * sum && v !== nTerms - 1) break;
    } else if (v > vmid) break;
  }
  return clip01(x * sum);
}

// ---------------------------------------------------------------------------------------------
// Two-sided one-sample Kolmogorov distribution with finite n (scipy.stats.kstwo)

function logNFactorialDivNPowN(n: number): number {
  // log(n!/n^n) by Stirling's series (SciPy's _log_nfactorial_div_n_pow_n).
  const c = [
    -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
    8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
    -2.7777777777777777778e-3, 8.3333333333333333333e-2,
  ];
  const rn = 1 / n;
  const y = rn / n;
  let p = 0;
  for (const ci of c) p = p * y + ci;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * p;
}

function matmul(a: Float64Array, b: Float64Array, m: number, out: Float64Array) {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const ri = i * m;
    for (let k = 0; k < m; k++) {
      const aik = a[ri + k];
      if (aik === 0) continue;
      const rk = k * m;
      for (let j = 0; j < m; j++) out[ri + j] += aik * b[rk + j];
    }
  }
}

/** Pr(D_n <= d) by Durbin's matrix method (Marsaglia, Tsang & Wang 2003), as SciPy's _kolmogn_DMTW. */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - h ** j;
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] *= fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1];
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];

  let P = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let tmp = new Float64Array(m * m);
  let nn = n;
  let expnt = 0;
  let hexpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      matmul(P, H, m, tmp);
      [P, tmp] = [tmp, P];
      expnt += hexpnt;
    }
    matmul(H, H, m, tmp);
    [H, tmp] = [tmp, H];
    hexpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]) > E128) {
      for (let i = 0; i < H.length; i++) H[i] /= E128;
      hexpnt += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = P[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      expnt -= 128;
    }
  }
  if (expnt !== 0) p = ldexp(p, expnt);
  return clip01(p);
}

function pomeranzJ1J2(
  i: number,
  n: number,
  ll: number,
  ceilf: number,
  roundf: number,
): [number, number] {
  let j1: number, j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Pr(D_n <= x) by Pomeranz's recursion (1974), as SciPy's _kolmogn_Pomeranz. */
export function kolmogorovCdfPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * gOverN) / m;
    twogpower[m] = (twogpower[m - 1] * twoGOverN) / m;
    onem2gpower[m] = (onem2gpower[m - 1] * oneMinusTwoGOverN) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let expnt = 0;
  let [j1, j2] = pomeranzJ1J2(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // conv = np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]); keep conv[j1-k1 : j1-k1+len]
      const aStart = k1 - V0s;
      const aLen = Math.max(0, Math.min(ln2, npwrs - aStart));
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let vmax = -Infinity;
      for (let c = 0; c < convLen; c++) {
        const kk = convStart + c;
        let s = 0;
        const lo = Math.max(0, kk - ln2 + 1);
        const hi = Math.min(kk, aLen - 1);
        for (let a = lo; a <= hi; a++) s += V0[aStart + a] * pwrs[kk - a];
        V1[c] = s;
        if (s > vmax) vmax = s;
      }
      if (convLen < npwrs && vmax < 0) vmax = 0; // the zero tail counts in np.max(V1)
      if (vmax > 0 && vmax < EM128) {
        for (let c = 0; c < npwrs; c++) V1[c] *= E128;
        expnt -= 128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > E128) {
      ans *= EM128;
      expnt += 128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ldexp(ans, expnt);
  return clip01(ans);
}

/** Pelz–Good asymptotic approximation of Pr(D_n <= x), as SciPy's _kolmogn_PelzGood (cdf). */
export function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  let K0 = 0;
  let K1 = 0;
  let K2 = 0;
  let K3 = 0;
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = Math.pow(q, 8 * k);
    K0 = K0 * qp + 1;
    K1 = K1 * qp + (k1a + k1b * m2);
    K2 = K2 * qp + (k2a + k2b * m2 + k2c * m4);
    K3 = K3 * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  const s = q * SQRT2PI;
  K0 = (K0 * s) / z;
  K1 = (K1 * s) / (6 * z4);
  K2 = (K2 * s) / (72 * z ** 7);
  K3 = (K3 * s) / (6480 * z ** 10);
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = Math.pow(q, k2);
    k2extra += k2 * qp;
    const kspi = Math.PI * k;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * k2 * qp;
  }
  K2 += k2extra * ((PI2 * SQRT2PI) / (-36 * z3));
  K3 += k3extra * ((PI2 * SQRT2PI) / (216 * z6));
  const rn = Math.sqrt(n);
  return K0 + K1 / rn + K2 / n + K3 / (n * rn);
}

/**
 * Pr(D_n >= x) for the two-sided one-sample KS statistic with n samples:
 * scipy.stats.kstwo.sf(x, n) (SciPy's _kolmogn with cdf=False), branch for branch.
 */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip01(1 - kolmogorovCdfDurbin(n, x));
    if (nx2 <= 4) return clip01(1 - kolmogorovCdfPomeranz(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip01(2 * smirnovSf(n, x));
  let cdf: number;
  if (nx2 >= 18) cdf = 1;
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdf = kolmogorovCdfDurbin(n, x);
  else cdf = kolmogorovCdfPelzGood(n, x);
  return clip01(1 - cdf);
}

// ---------------------------------------------------------------------------------------------
// Exact two-sample KS p-values (scipy.stats._stats_py._attempt_exact_2kssamp, two-sided)

/** Pr(D_{n,n} >= h/n): SciPy's _compute_prob_outside_square. */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * Proportion of lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm:
 * SciPy's _compute_outer_prob_inside_method (the 1 − p recursion of Viehmann 2021).
 */
export function probOutsideInside(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    const shift = minj - lastminj;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + shift] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, Math.min(lenA, maxj - minj + (lastlen - curlen)));
  }
  return A[maxj - minj - 1];
}

/** SciPy's two-sided exact attempt: the statistic rounded to a multiple of 1/lcm, and its p-value (NaN on failure). */
export function ksExactTwoSided(n1: number, n2: number, d: number): { d: number; p: number } {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const dd = h / lcm;
  if (h === 0) return { d: dd, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideInside(n1, n2, g, h);
  if (!(p >= 0 && p <= 1)) return { d: dd, p: NaN };
  return { d: dd, p };
}
