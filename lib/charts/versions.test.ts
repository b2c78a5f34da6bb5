import { describe, expect, it } from "vitest";
import { metricNames, metricSeries, optimizationRows } from "./versions";

describe("optimizationRows", () => {
  it("turns before/after into rows with percentage change and direction", () => {
    const rows = optimizationRows({
      technique: "quantization",
      sizeBytesBefore: 48_128,
      sizeBytesAfter: 24_576,
      latencyMsBefore: 2,
      latencyMsAfter: 1,
      accuracyBefore: 0.82,
      accuracyAfter: 0.81,
    });
    expect(rows.map((r) => r.key)).toEqual(["size", "latency", "accuracy"]);
    expect(rows[0].changePct).toBeCloseTo(-48.94, 2);
    expect(rows[0].improved).toBe(true);
    expect(rows[1].afterPct).toBe(50);
    expect(rows[2].improved).toBe(false);
  });

  it("skips measures without both values", () => {
    expect(optimizationRows({ technique: "pruning", sizeBytesBefore: 10 })).toEqual([]);
    expect(optimizationRows(null)).toEqual([]);
  });
});

describe("metricSeries", () => {
  it("orders by version and leaves gaps for versions without the metric", () => {
    const series = metricSeries(
      [
        { version: 3, evalMetrics: { accuracy: 0.9 } },
        { version: 1, evalMetrics: { accuracy: 0.8 } },
        { version: 2, evalMetrics: { f1: 0.7 } },
      ],
      "accuracy",
    );
    expect(series).toEqual([
      { version: "v1", value: 0.8 },
      { version: "v2", value: null },
      { version: "v3", value: 0.9 },
    ]);
  });

  it("lists metric names with the preferred one first", () => {
    expect(
      metricNames([{ evalMetrics: { f1: 1, accuracy: 1 } }, { evalMetrics: { auc: 1 } }], "f1"),
    ).toEqual(["f1", "accuracy", "auc"]);
  });
});
