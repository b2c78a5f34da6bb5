// Tiny, honest models for the demo data: trained here on the public datasets shipped in
// the `vega-datasets` package, so every eval metric in the demo is a real measurement.

export type Row = Record<string, number | string | null>;

export interface GaussianNb {
  classes: string[];
  priors: number[];
  means: number[][];
  vars: number[][];
}

export function trainGaussianNb(rows: Row[], features: string[], label: string): GaussianNb {
  const classes = [...new Set(rows.map((r) => String(r[label])))].sort();
  const priors: number[] = [];
  const means: number[][] = [];
  const vars: number[][] = [];
  for (const c of classes) {
    const rs = rows.filter((r) => String(r[label]) === c);
    priors.push(rs.length / rows.length);
    const m = features.map((f) => rs.reduce((s, r) => s + Number(r[f]), 0) / rs.length);
    means.push(m);
    vars.push(
      features.map(
        (f, i) => rs.reduce((s, r) => s + (Number(r[f]) - m[i]) ** 2, 0) / rs.length + 1e-3,
      ),
    );
  }
  return { classes, priors, means, vars };
}

export function predictNb(model: GaussianNb, x: number[]): string {
  let best = -Infinity;
  let arg = model.classes[0];
  model.classes.forEach((c, k) => {
    let lp = Math.log(model.priors[k]);
    x.forEach((v, i) => {
      const vr = model.vars[k][i];
      lp += -0.5 * Math.log(2 * Math.PI * vr) - (v - model.means[k][i]) ** 2 / (2 * vr);
    });
    if (lp > best) {
      best = lp;
      arg = c;
    }
  });
  return arg;
}

/** Round every parameter to float16-like precision: what an 8/16-bit export would keep. */
export function quantizeNb(model: GaussianNb, bits = 10): GaussianNb {
  const q = (v: number) => {
    if (v === 0) return 0;
    const e = Math.floor(Math.log2(Math.abs(v)));
    const step = 2 ** (e - bits);
    return Math.round(v / step) * step;
  };
  return {
    ...model,
    means: model.means.map((r) => r.map(q)),
    vars: model.vars.map((r) => r.map(q)),
  };
}

export function classificationMetrics(truth: string[], predicted: string[]) {
  const classes = [...new Set(truth)];
  const accuracy = truth.filter((t, i) => t === predicted[i]).length / truth.length;
  const f1s = classes.map((c) => {
    const tp = truth.filter((t, i) => t === c && predicted[i] === c).length;
    const fp = truth.filter((t, i) => t !== c && predicted[i] === c).length;
    const fn = truth.filter((t, i) => t === c && predicted[i] !== c).length;
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    return p + r ? (2 * p * r) / (p + r) : 0;
  });
  return {
    accuracy: round(accuracy),
    macro_f1: round(f1s.reduce((a, b) => a + b, 0) / f1s.length),
  };
}

/** Ordinary least squares by the normal equations (few features, so this is fine). */
export function trainLinear(X: number[][], y: number[]): number[] {
  const A = X.map((r) => [1, ...r]);
  const n = A[0].length;
  const xtx = Array.from({ length: n }, (_, i) =>
    Array.from(
      { length: n },
      (_, j) => A.reduce((s, r) => s + r[i] * r[j], 0) + (i === j ? 1e-6 : 0),
    ),
  );
  const xty = Array.from({ length: n }, (_, i) => A.reduce((s, r, k) => s + r[i] * y[k], 0));
  // Gaussian elimination with partial pivoting.
  const M = xtx.map((r, i) => [...r, xty[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((r, i) => r[n] / r[i]);
}

export function predictLinear(w: number[], x: number[]): number {
  return w[0] + x.reduce((s, v, i) => s + v * w[i + 1], 0);
}

export function regressionMetrics(truth: number[], predicted: number[]) {
  const n = truth.length;
  const mean = truth.reduce((a, b) => a + b, 0) / n;
  const sse = truth.reduce((s, t, i) => s + (t - predicted[i]) ** 2, 0);
  const sst = truth.reduce((s, t) => s + (t - mean) ** 2, 0);
  return {
    mae: round(truth.reduce((s, t, i) => s + Math.abs(t - predicted[i]), 0) / n),
    rmse: round(Math.sqrt(sse / n)),
    r2: round(1 - sse / sst),
  };
}

function round(v: number, digits = 4) {
  return Math.round(v * 10 ** digits) / 10 ** digits;
}
