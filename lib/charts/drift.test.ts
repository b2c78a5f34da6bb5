import { describe, expect, it } from "vitest";
import {
  type DriftFeature,
  type DriftReport,
  type FeatureType,
  type ReferenceFeatureSummary,
  describeHistogram,
  describeReferenceFeature,
  driftBanner,
  driftSpans,
  formatScore,
  histogramRows,
  isPValueMethod,
  ruleText,
  scoreDomain,
  scoreDrifted,
  scoreRows,
  scoreVsThreshold,
  selectedFeature,
  overridesToSend,
  sortFeatures,
  typesChanged,
  typesParam,
  withFeature,
  outputEntries,
  withOutputScores,
  worstIssue,
} from "./drift";

const bins = (counts: number[], edges = counts.map((_, i) => i).concat(counts.length)) => ({
  kind: "bins" as const,
  edges,
  counts,
});

function feature(over: Partial<DriftFeature> & { name: string }): DriftFeature {
  return {
    type: "numerical",
    method: "wasserstein",
    statistic: null,
    pValue: null,
    score: 0.01,
    threshold: 0.1,
    drifted: false,
    reference: bins([1]),
    current: bins([1]),
    quality: { count: 1, missing: 0, wrongType: 0, outOfRange: 0, unseen: null },
    ...over,
  };
}

describe("methods", () => {
  it("tells p-values from distances", () => {
    expect(["ks", "chisquare", "z"].every((m) => isPValueMethod(m as DriftFeature["method"]))).toBe(
      true,
    );
    expect(
      ["wasserstein", "jensenshannon", "psi"].some((m) =>
        isPValueMethod(m as DriftFeature["method"]),
      ),
    ).toBe(false);
  });

  it("applies each method's rule", () => {
    expect(scoreDrifted("ks", 0.05, 0.05)).toBe(true);
    expect(scoreDrifted("chisquare", 0.05, 0.05)).toBe(false);
    expect(scoreDrifted("z", 0.01, 0.05)).toBe(true);
    expect(scoreDrifted("wasserstein", 0.1, 0.1)).toBe(true);
    expect(scoreDrifted("psi", 0.09, 0.1)).toBe(false);
    expect(scoreDrifted("jensenshannon", null, 0.1)).toBe(false);
  });

  it("formats scores short", () => {
    expect(formatScore(0.0031)).toBe("0.0031");
    expect(formatScore(0.1834)).toBe("0.18");
    expect(formatScore(1.2345e-7)).toBe("1.2e-7");
    expect(formatScore(0)).toBe("0");
    expect(formatScore(null)).toBe("—");
    expect(formatScore(Number.NaN)).toBe("—");
  });

  it("says the comparison that decided", () => {
    expect(
      scoreVsThreshold({ method: "chisquare", score: 0.003, threshold: 0.05, drifted: true }),
    ).toBe("p = 0.003 < 0.05");
    expect(
      scoreVsThreshold({ method: "chisquare", score: 0.41, threshold: 0.05, drifted: false }),
    ).toBe("p = 0.41 ≥ 0.05");
    expect(scoreVsThreshold({ method: "ks", score: 0.05, threshold: 0.05, drifted: true })).toBe(
      "p = 0.05 ≤ 0.05",
    );
    expect(
      scoreVsThreshold({ method: "wasserstein", score: 0.183, threshold: 0.1, drifted: true }),
    ).toBe("0.18 ≥ 0.1");
    expect(scoreVsThreshold({ method: "psi", score: 0.04, threshold: 0.1, drifted: false })).toBe(
      "0.04 < 0.1",
    );
    expect(scoreVsThreshold({ method: "psi", score: null, threshold: 0.1, drifted: false })).toBe(
      "no data",
    );
    expect(ruleText("ks", 0.05)).toBe("p-value; drift at p ≤ 0.05");
    expect(ruleText("jensenshannon", 0.1)).toBe("distance; drift at ≥ 0.1");
  });
});

describe("sorting and selection", () => {
  const features = [
    feature({ name: "b", score: 0.02 }),
    feature({ name: "wind", score: 0.15, drifted: true }),
    feature({ name: "temp_max", score: 0.9, drifted: true }),
    feature({
      name: "weather",
      type: "categorical",
      method: "chisquare",
      score: 0.001,
      threshold: 0.05,
      drifted: true,
    }),
    feature({ name: "a", score: 0.02 }),
    feature({ name: "empty", score: null }),
  ];

  it("puts drifted features first, worst first, then by name", () => {
    expect(sortFeatures(features).map((f) => f.name)).toEqual([
      "weather",
      "temp_max",
      "wind",
      "a",
      "b",
      "empty",
    ]);
  });

  it("selects the asked feature, else the first", () => {
    const sorted = sortFeatures(features);
    expect(selectedFeature(sorted, "wind")?.name).toBe("wind");
    expect(selectedFeature(sorted, "nope")?.name).toBe("weather");
    expect(selectedFeature(sorted, null)?.name).toBe("weather");
    expect(selectedFeature([], "x")).toBeUndefined();
  });

  it("keeps other parameters when setting the feature", () => {
    expect(withFeature("?range=7d", "temp_max")).toBe("?range=7d&feature=temp_max");
    expect(withFeature("?range=7d&feature=a", null)).toBe("?range=7d");
    expect(withFeature("", null)).toBe("");
  });
});

describe("driftBanner", () => {
  it("reports dataset drift against the share", () => {
    const b = driftBanner({
      drifted: true,
      share: 0.75,
      driftShare: 0.5,
      rowCount: 100,
      features: [
        feature({ name: "a", drifted: true }),
        feature({ name: "b", drifted: true }),
        feature({ name: "c", drifted: true }),
        feature({ name: "d" }),
      ],
    });
    expect(b.tone).toBe("crit");
    expect(b.title).toBe("Dataset drift detected");
    expect(b.detail).toBe(
      "3 of 4 features drifted (75 %), at or above the dataset threshold of 50 %.",
    );
  });

  it("reports no drift, and no data", () => {
    expect(
      driftBanner({
        drifted: false,
        share: 0,
        driftShare: 0.5,
        rowCount: 10,
        features: [feature({ name: "a" })],
      }).detail,
    ).toBe("0 of 1 feature drifted (0 %), below the dataset threshold of 50 %.");
    expect(
      driftBanner({ drifted: false, share: 0, driftShare: 0.5, rowCount: 0, features: [] }).tone,
    ).toBe("neutral");
  });
});

describe("histogramRows", () => {
  it("normalises both histograms to percentages over shared bins", () => {
    const rows = histogramRows(
      bins([10, 30, 60], [0, 2.5, 5, 7.5]),
      bins([1, 1, 2], [0, 2.5, 5, 7.5]),
    );
    expect(rows.map((r) => r.reference)).toEqual([10, 30, 60]);
    expect(rows.map((r) => r.current)).toEqual([25, 25, 50]);
    expect(rows.map((r) => r.label)).toEqual(["0", "2.5", "5"]);
    expect(rows[2].range).toBe("5 – 7.5");
    expect(rows[1]).toMatchObject({ referenceCount: 30, currentCount: 1 });
  });

  it("handles categories and an empty current window", () => {
    const rows = histogramRows(
      { kind: "categories", categories: ["rain", "sun", true], counts: [3, 1, 0] },
      { kind: "categories", categories: ["rain", "sun", true], counts: [0, 0, 0] },
    );
    expect(rows.map((r) => r.label)).toEqual(["rain", "sun", "true"]);
    expect(rows.map((r) => r.reference)).toEqual([75, 25, 0]);
    expect(rows.map((r) => r.current)).toEqual([0, 0, 0]);
  });

  it("describes the histogram for screen readers", () => {
    const rows = histogramRows(bins([1, 3]), bins([3, 1]));
    expect(describeHistogram("x", rows)).toBe(
      "Distribution of x, reference vs current, in 2 bins. Most common in the reference: 1 – 2 (75.0 %); in the current window: 0 – 1 (75.0 %).",
    );
    expect(describeHistogram("x", [])).toBe("x: no values");
  });
});

describe("history", () => {
  const day = 86_400_000;
  const t0 = Date.UTC(2026, 0, 1);
  const report = (i: number, drifted: boolean, score: number | null): DriftReport => ({
    id: String(i),
    from: new Date(t0 + i * day).toISOString(),
    to: new Date(t0 + (i + 1) * day).toISOString(),
    rowCount: 100,
    drifted,
    share: drifted ? 0.75 : 0,
    scores: { temp_max: score },
    predictionScore: null,
    predictionDrifted: null,
    quality: null,
    createdAt: new Date(t0 + (i + 1) * day).toISOString(),
  });
  const items = [
    report(2, true, 0.3),
    report(0, false, 0.02),
    report(1, true, 0.2),
    report(3, false, null),
    report(4, true, 0.12),
  ];

  it("shapes score rows in time order with the feature's rule", () => {
    const rows = scoreRows(items, "temp_max", { method: "wasserstein", threshold: 0.1 });
    expect(rows.map((r) => r.score)).toEqual([0.02, 0.2, 0.3, null, 0.12]);
    expect(rows.map((r) => r.featureDrifted)).toEqual([false, true, true, false, true]);
    expect(rows.map((r) => r.share)).toEqual([0, 75, 75, 0, 75]);
    expect(rows[0].t).toBe(t0 + day);
    expect(scoreRows(items, "missing").every((r) => r.score === null)).toBe(true);
  });

  it("merges consecutive drifted reports into spans", () => {
    expect(driftSpans(items, (r) => r.drifted)).toEqual([
      { x1: t0 + day, x2: t0 + 3 * day },
      { x1: t0 + 4 * day, x2: t0 + 5 * day },
    ]);
    expect(driftSpans([], () => true)).toEqual([]);
  });

  it("chooses a y-axis per kind of score", () => {
    expect(scoreDomain("ks", [0.2], 0.05)).toEqual([0, 1]);
    expect(scoreDomain("wasserstein", [0.02, 0.05], 0.1)).toEqual([0, 0.12]);
    expect(scoreDomain("psi", [0.9, null], 0.1)).toEqual([0, 1.2]);
  });
});

describe("reference summary", () => {
  it("describes numerical and categorical features", () => {
    const base = { overridden: false, count: 100, missing: 0, min: null, max: null };
    expect(
      describeReferenceFeature({
        ...base,
        name: "t",
        type: "numerical",
        distinct: 50,
        mean: 16.439,
        std: 7.3472,
        topCategories: null,
      }),
    ).toBe("16.44 ± 7.35");
    expect(
      describeReferenceFeature({
        ...base,
        name: "w",
        type: "categorical",
        distinct: 5,
        mean: null,
        std: null,
        topCategories: [
          ["rain", 44],
          ["sun", 43],
          ["fog", 7],
          ["snow", 6],
        ],
      }),
    ).toBe("rain 44 %, sun 43 %, fog 7 %, …");
    expect(
      describeReferenceFeature({
        ...base,
        name: "w",
        type: "categorical",
        distinct: 2,
        mean: null,
        std: null,
        topCategories: [
          ["a", 60],
          ["b", 40],
        ],
      }),
    ).toBe("a 60 %, b 40 %");
  });

  it("builds ?types= from overrides", () => {
    expect(typesParam({ wind: "categorical", a: "numerical", b: undefined })).toBe(
      "a:numerical,wind:categorical",
    );
    expect(typesParam({})).toBe("");
  });
});

describe("type overrides of reference data", () => {
  const f = (name: string, type: FeatureType, overridden = false): ReferenceFeatureSummary => ({
    name,
    type,
    overridden,
    count: 10,
    missing: 0,
    distinct: 3,
    mean: null,
    std: null,
    min: null,
    max: null,
    topCategories: null,
  });
  const features = [f("a", "numerical"), f("b", "categorical", true), f("c", "numerical")];

  it("sees a change only when a picked type differs from the data's", () => {
    expect(typesChanged(features, {})).toBe(false);
    expect(typesChanged(features, { b: "categorical" })).toBe(false);
    expect(typesChanged(features, { a: "categorical" })).toBe(true);
  });

  it("sends the changed types and keeps those set before", () => {
    expect(
      overridesToSend(features, { a: "categorical", b: "categorical", c: "numerical" }),
    ).toEqual({ a: "categorical", b: "categorical" });
  });
});

describe("data quality and outputs", () => {
  it("names the worst issue, and warns above 5 %", () => {
    expect(worstIssue(null)).toBeNull();
    expect(
      worstIssue({ count: 10, missing: 0, wrongType: 0, outOfRange: 0, unseen: null }),
    ).toBeNull();
    expect(
      worstIssue({ count: 100, missing: 0.02, wrongType: 0.005, outOfRange: 0.2, unseen: null }),
    ).toEqual({ share: 0.2, label: "20 % out of range", warn: true });
    expect(
      worstIssue({ count: 1000, missing: 0.004, wrongType: 0, outOfRange: null, unseen: 0.001 }),
    ).toEqual({ share: 0.004, label: "0.4 % missing", warn: false });
  });

  it("puts the prediction before the labels, and their scores into the history", () => {
    const entry = feature({ name: "prediction" });
    const { quality: _, ...bare } = entry;
    expect(
      outputEntries({ prediction: bare, target: { ...bare, name: "target" } }).map((e) => [
        e.name,
        e.output,
      ]),
    ).toEqual([
      ["prediction", "prediction"],
      ["target", "target"],
    ]);
    expect(outputEntries({ prediction: null, target: null })).toEqual([]);
    expect(withOutputScores([{ scores: { a: 1 }, predictionScore: 0.3 }])[0].scores).toEqual({
      a: 1,
      prediction: 0.3,
    });
  });
});
