import { describe, expect, it } from "vitest";
import {
  chiSquareCounts,
  countCategories,
  datasetDrift,
  defaultMethod,
  featureDrift,
  inferFeatureType,
  jensenShannon,
  ks2samp,
  profileDataset,
  profileReference,
  proportionsZTest,
  psi,
  sortedFinite,
  sturgesEdges,
  wassersteinDistance,
  wassersteinNormed,
  type Category,
  type FeatureDriftResult,
  type Histogram,
  type NumericalProfile,
  type ReferenceProfile,
  type Value,
} from "./drift";
import { kolmogorovSf, ksExactTwoSided, smirnovSf } from "./drift-math";
import fixtures from "./fixtures/drift.json";

// Expected values come from SciPy/NumPy (scripts/fixtures/scipy_drift.py); no Python here.

type Num = number | string; // "Infinity" / "NaN" encoded as strings
interface Expected {
  ks?: { statistic: number; pValue: number; method: string };
  wasserstein?: number;
  referenceStd?: number;
  wassersteinNormed?: number;
  chisquare?: { statistic: Num; pValue: Num };
  z?: { statistic: Num; pValue: Num };
  jensenshannon: number;
  psi: number;
  histogram: Histogram;
  default: { method: string; score: Num; drifted: boolean };
}
interface Case {
  name: string;
  note: string;
  type: "numerical" | "categorical";
  reference: Value[];
  current: Value[];
  expected: Expected;
}

const numerical = fixtures.numerical as unknown as Case[];
const categorical = fixtures.categorical as unknown as Case[];
const all = [...numerical, ...categorical];

const toNum = (x: Num) => (typeof x === "number" ? x : Number(x));

/** Statistics: 1e-9 relative. */
function expectStat(actual: number, expected: Num, label: string) {
  const e = toNum(expected);
  if (!Number.isFinite(e)) {
    expect(actual, label).toBe(e);
    return;
  }
  const tol = 1e-9 * Math.max(Math.abs(e), 1e-300);
  expect(Math.abs(actual - e), `${label}: ${actual} vs ${e}`).toBeLessThanOrEqual(tol);
}

/** p-values: 1e-6 absolute or 1e-4 relative. */
function expectP(actual: number | null, expected: Num, label: string) {
  const e = toNum(expected);
  expect(actual, label).not.toBeNull();
  const a = actual as number;
  const ok = Math.abs(a - e) <= 1e-6 || Math.abs(a - e) <= 1e-4 * Math.abs(e);
  expect(ok, `${label}: ${a} vs ${e}`).toBe(true);
}

function clean(values: Value[]): Value[] {
  return values.filter(
    (v) => v !== null && v !== undefined && !(typeof v === "number" && Number.isNaN(v)),
  );
}

const countsOf = (values: Value[]) => countCategories(values);

describe("Kolmogorov distribution (scipy.stats.kstwo.sf, scipy.special.smirnov)", () => {
  it("matches SciPy on every branch", () => {
    for (const { n, x, sf, smirnov } of fixtures.kolmogorov) {
      expectP(kolmogorovSf(n, x), sf, `kstwo.sf(${x}, ${n})`);
      expectP(smirnovSf(n, x), smirnov, `smirnov(${n}, ${x})`);
      // Far tighter than the contract, to catch branch mistakes early.
      expect(Math.abs(kolmogorovSf(n, x) - sf)).toBeLessThanOrEqual(1e-10 + 1e-8 * sf);
    }
  });

  it("exact two-sample p-values match ks_2samp(method='exact')", () => {
    for (const { n1, n2, d, pValue } of fixtures.ksExact) {
      const r = ksExactTwoSided(n1, n2, d);
      expectStat(r.d, d, `d ${n1}x${n2}`);
      expectP(r.p, pValue, `exact p ${n1}x${n2} d=${d}`);
    }
  });
});

describe("two-sample KS against scipy.stats.ks_2samp", () => {
  for (const c of numerical) {
    it(`${c.name} (${c.note})`, () => {
      const e = c.expected.ks!;
      const r = ks2samp(c.reference, c.current);
      expectStat(r.statistic, e.statistic, "D");
      expectP(r.pValue, e.pValue, "p");
      expect(r.method).toBe(e.method);
    });
  }

  it("is symmetric in its samples", () => {
    const c = numerical.find((x) => x.name === "tiny_vs_large_shift")!;
    const a = ks2samp(c.reference, c.current);
    const b = ks2samp(c.current, c.reference);
    expect(b.statistic).toBe(a.statistic);
    expect(b.pValue).toBe(a.pValue);
  });
});

describe("Wasserstein against scipy.stats.wasserstein_distance", () => {
  for (const c of numerical) {
    it(c.name, () => {
      const d = wassersteinDistance(c.reference, c.current);
      expectStat(d, c.expected.wasserstein!, "distance");
      const p = profileReference(c.reference) as NumericalProfile;
      expectStat(p.std, c.expected.referenceStd!, "np.std(ref)");
      expectStat(wassersteinNormed(d, p.std), c.expected.wassersteinNormed!, "normed");
    });
  }
});

describe("binning, Jensen–Shannon and PSI against NumPy/SciPy (Evidently's get_binned_data)", () => {
  for (const c of all) {
    it(c.name, () => {
      const r = featureDrift(c.reference, c.current, { method: "jensenshannon" });
      const h = r.histogram;
      const e = c.expected.histogram;
      expect(h.kind).toBe(e.kind);
      if (h.kind === "bins" && e.kind === "bins") {
        expect(h.edges.length).toBe(e.edges.length);
        h.edges.forEach((x, i) => expectStat(x, e.edges[i], `edge ${i}`));
      } else if (h.kind === "categories" && e.kind === "categories") {
        expect(h.categories).toEqual(e.categories);
      }
      expect(h.reference).toEqual(e.reference);
      expect(h.current).toEqual(e.current);
      expectStat(r.score, c.expected.jensenshannon, "js");
      const p = featureDrift(c.reference, c.current, { method: "psi" });
      expectStat(p.score, c.expected.psi, "psi");
    });
  }

  it("sturges edges equal numpy.histogram_bin_edges", () => {
    // np.histogram_bin_edges(np.arange(100.0), bins="sturges") → 9 bins over [0, 99]
    const edges = sturgesEdges(0, 99, 100);
    expect(edges.length).toBe(9);
    expect(edges[0]).toBe(0);
    expect(edges[8]).toBe(99);
    // constant data: one bin of width 1 around the value
    expect(sturgesEdges(3, 3, 10)).toEqual([2.5, 3.5]);
  });

  it("jensenshannon normalizes and supports a base", () => {
    expect(jensenShannon([1, 0], [1, 0])).toBe(0);
    const e = jensenShannon([0.5, 0.5], [0.9, 0.1]);
    expect(jensenShannon([5, 5], [9, 1])).toBeCloseTo(e, 15);
    expect(jensenShannon([0.5, 0.5], [0.9, 0.1], 2)).toBeCloseTo(e / Math.sqrt(Math.LN2), 14);
  });

  it("psi fills empty proportions like Evidently", () => {
    // 0 → 0.0001 when the smallest non-zero proportion is above 0.0001
    const v = psi([0.5, 0.5, 0], [0.4, 0.4, 0.2]);
    const expected =
      2 * (0.5 - 0.4) * Math.log(0.5 / 0.4) + (0.0001 - 0.2) * Math.log(0.0001 / 0.2);
    expect(v).toBeCloseTo(expected, 14);
  });
});

describe("chi-squared and Z-test as Evidently computes them", () => {
  for (const c of all.filter((x) => x.expected.chisquare)) {
    it(c.name, () => {
      const ref = countsOf(clean(c.reference));
      const cur = countsOf(clean(c.current));
      const chi = chiSquareCounts(ref, cur);
      const e = c.expected.chisquare!;
      if (ref.size + [...cur.keys()].filter((k) => !ref.has(k)).length < 2) {
        // One category: SciPy's df = 0 gives NaN; we answer "no evidence of drift".
        expect(e.pValue).toBe("NaN");
        expect(chi.pValue).toBe(1);
      } else {
        expectStat(chi.statistic, e.statistic, "chi2");
        expectP(chi.pValue, e.pValue, "chi2 p");
      }
      const z = proportionsZTest(ref, cur);
      expectStat(z.statistic, c.expected.z!.statistic, "z");
      expectP(z.pValue, c.expected.z!.pValue, "z p");
    });
  }

  it("a current category unseen in the reference gives chi² = ∞, p = 0, and is reported", () => {
    const c = categorical.find((x) => x.name === "cat_unseen_in_reference")!;
    const r = featureDrift(c.reference, c.current);
    expect(r.method).toBe("chisquare");
    expect(r.statistic).toBe(Infinity);
    expect(r.pValue).toBe(0);
    expect(r.drifted).toBe(true);
    expect(r.unseenInReference).toEqual(["e"]);
  });
});

describe("default method choice and thresholds (Evidently)", () => {
  for (const c of all) {
    it(`${c.name} → ${c.expected.default.method}`, () => {
      const r = featureDrift(c.reference, c.current);
      expect(r.type).toBe(c.type);
      expect(r.method).toBe(c.expected.default.method);
      const isP = ["ks", "chisquare", "z"].includes(r.method);
      if (isP) expectP(r.score, c.expected.default.score, "p");
      else expectStat(r.score, c.expected.default.score, "score");
      expect(r.drifted).toBe(c.expected.default.drifted);
      expect(r.threshold).toBe(
        { ks: 0.05, chisquare: 0.05, z: 0.05, wasserstein: 0.1, jensenshannon: 0.1, psi: 0.1 }[
          r.method
        ],
      );
      expect(r.pValue === null).toBe(!isP);
    });
  }

  it("follows Evidently's rule table", () => {
    expect(defaultMethod("numerical", 1000, 6)).toBe("ks");
    expect(defaultMethod("numerical", 1000, 5)).toBe("chisquare");
    expect(defaultMethod("numerical", 1000, 2)).toBe("z");
    expect(defaultMethod("categorical", 10, 3)).toBe("chisquare");
    expect(defaultMethod("categorical", 10, 2)).toBe("z");
    expect(defaultMethod("numerical", 1001, 6)).toBe("wasserstein");
    expect(defaultMethod("numerical", 1001, 5)).toBe("jensenshannon");
    expect(defaultMethod("categorical", 1001, 50)).toBe("jensenshannon");
  });

  it("counts distinct values over reference and current together", () => {
    // 4 distinct in the reference, 2 more only in current: 6 > 5 → KS
    const ref = [1, 2, 3, 4, 1, 2, 3, 4];
    expect(featureDrift(ref, [5, 6, 1]).method).toBe("ks");
    expect(featureDrift(ref, [1, 2]).method).toBe("chisquare");
  });

  it("overrides method and threshold per call; KS drifts at p <= threshold", () => {
    const c = numerical.find((x) => x.name === "asymp_shift")!;
    const ks = featureDrift(c.reference, c.current, { method: "ks" });
    expectP(ks.pValue, c.expected.ks!.pValue, "ks p");
    expect(ks.drifted).toBe(false);
    expect(
      featureDrift(c.reference, c.current, { method: "ks", threshold: ks.pValue! }).drifted,
    ).toBe(true);
    expect(featureDrift(c.reference, c.current, { threshold: 0.02 }).drifted).toBe(true); // wasserstein 0.0237
    expect(() => featureDrift(["a", "b"], ["a"], { method: "ks" })).toThrow(/numerical/);
  });

  it("infers the feature type, overridable", () => {
    expect(inferFeatureType([1, 2, null, NaN])).toBe("numerical");
    expect(inferFeatureType(["1", 2])).toBe("categorical");
    expect(inferFeatureType([true, false])).toBe("categorical");
    expect(inferFeatureType(new Float64Array([1, 2]))).toBe("numerical");
    const r = featureDrift([1, 2, 3, 1, 2, 3, 7], [1, 2, 3, 3], { type: "categorical" });
    expect(r.type).toBe("categorical");
    expect(r.method).toBe("chisquare");
  });
});

describe("reference profile", () => {
  it("gives the same answers as the raw reference (every case, every method)", () => {
    for (const c of all) {
      const profile = JSON.parse(JSON.stringify(profileReference(c.reference))) as ReferenceProfile;
      const methods =
        c.type === "numerical"
          ? (["ks", "wasserstein", "jensenshannon", "psi", "chisquare", "z"] as const)
          : (["chisquare", "z", "jensenshannon", "psi"] as const);
      for (const method of [undefined, ...methods]) {
        const a = featureDrift(c.reference, c.current, { method });
        const b = featureDrift(profile, c.current, { method });
        expect(b, `${c.name} ${method}`).toEqual(a);
      }
    }
  });

  it("is JSON-serializable and keeps what the tests need", () => {
    const c = numerical.find((x) => x.name === "large_ints_12")!;
    const p = profileReference(c.reference) as NumericalProfile;
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(p.count).toBe(3000);
    expect(p.distinct).toBe(p.valueCounts!.length);
    expect(p.valueCounts!.reduce((s, [, n]) => s + n, 0)).toBe(3000);
    const cat = profileReference(categorical[0].reference);
    expect(cat.kind).toBe("categorical");
    expect(cat.missing).toBe(5);
    expect(JSON.parse(JSON.stringify(cat))).toEqual(cat);
  });

  it("caps the sorted sample, keeping exact count, mean, std, range", () => {
    const c = numerical.find((x) => x.name === "asymp_shift")!;
    const full = profileReference(c.reference) as NumericalProfile;
    const capped = profileReference(c.reference, { sampleCap: 2000 }) as NumericalProfile;
    expect(capped.sampled).toBe(true);
    expect(capped.sorted.length).toBe(2000);
    expect([
      capped.count,
      capped.mean,
      capped.std,
      capped.min,
      capped.max,
      capped.distinct,
    ]).toEqual([full.count, full.mean, full.std, full.min, full.max, full.distinct]);
    // Estimates from the sample stay close to the exact answers.
    const ks = featureDrift(capped, c.current, { method: "ks" });
    expect(Math.abs(ks.statistic - c.expected.ks!.statistic)).toBeLessThan(2e-3);
    const w = featureDrift(capped, c.current);
    expect(Math.abs(w.score - c.expected.wassersteinNormed!)).toBeLessThan(5e-3);
    if (w.histogram.kind === "bins")
      expect(w.histogram.reference.reduce((s, x) => s + x, 0)).toBe(12000);
  });
});

describe("missing values", () => {
  it("are skipped by every test", () => {
    const ref = [0.1, 0.5, 0.2, 0.9, 1.4, 0.3, 0.8, 0.05, 1.1, 0.7];
    const cur = [0.4, 1.2, 1.6, 0.9, 2.0, 1.3, 0.6, 1.8];
    const noisyRef: Value[] = [
      null,
      ...ref.slice(0, 5),
      NaN,
      undefined,
      ...ref.slice(5),
      Infinity,
      -Infinity,
    ];
    const noisyCur = Float64Array.from([NaN, ...cur, NaN]);
    for (const method of ["ks", "wasserstein", "jensenshannon", "psi"] as const) {
      const a = featureDrift(ref, cur, { method });
      const b = featureDrift(noisyRef, noisyCur, { method });
      expect({ ...b, referenceCount: a.referenceCount }).toEqual(a);
    }
    expect(sortedFinite(noisyRef)).toEqual(Float64Array.from(ref).sort());
    const cats: Value[] = ["a", null, "b", undefined, "a", NaN];
    expect([...countCategories(cats).entries()]).toEqual([
      ["a", 2],
      ["b", 1],
    ] as [Category, number][]);
  });

  it("an empty side gives no verdict", () => {
    const r = featureDrift([1, 2, 3, 4, 5, 6, 7], [null, NaN]);
    expect(r.drifted).toBe(false);
    expect(r.currentCount).toBe(0);
    expect(Number.isNaN(r.score)).toBe(true);
  });
});

describe("dataset drift", () => {
  it("drifts when the share of drifted features >= 0.5 (overridable)", () => {
    const byName = Object.fromEntries(all.map((c) => [c.name, c]));
    const names = ["small_normal_exact", "ties_rounded_exact", "cat_four", "cat_large_binary"]; // drifted: yes, no, yes, no
    const profiles = profileDataset(Object.fromEntries(names.map((n) => [n, byName[n].reference])));
    const current = Object.fromEntries(names.map((n) => [n, byName[n].current]));
    const r = datasetDrift(profiles, current);
    expect(Object.values(r.features).map((f: FeatureDriftResult) => f.drifted)).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(r.share).toBe(0.5);
    expect(r.drifted).toBe(true);
    expect(datasetDrift(profiles, current, { driftShare: 0.6 }).drifted).toBe(false);
    const overridden = datasetDrift(profiles, current, {
      features: { ties_rounded_exact: { threshold: 0.5 } },
    });
    expect(overridden.driftedCount).toBe(3);
  });
});
