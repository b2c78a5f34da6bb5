import { describe, expect, it } from "vitest";
import { errorRows, estimateRows, signalMarkers } from "./outcomes";

describe("outcome chart rows", () => {
  it("draws estimates in percent, realized only where labels arrived", () => {
    const est = (value: number) => ({
      value,
      lower: value - 0.05,
      upper: value + 0.05,
      samplingError: 0.0167,
    });
    const none = { accuracy: null, precision: null, recall: null, f1: null };
    const rows = estimateRows({
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-02T00:00:00.000Z",
      bucketSeconds: 3600,
      available: true,
      note: null,
      kind: "binary",
      positive: 1,
      requirement: null,
      points: [
        {
          ts: "2026-11-01T00:00:00.000Z",
          count: 10,
          skipped: 0,
          estimated: { ...none, accuracy: est(0.9) },
          realized: {
            count: 4,
            skipped: 0,
            accuracy: 0.75,
            precision: null,
            recall: null,
            f1: null,
          },
        },
        {
          ts: "2026-11-01T01:00:00.000Z",
          count: 5,
          skipped: 0,
          estimated: { ...none, accuracy: est(0.8) },
          realized: {
            count: 0,
            skipped: 0,
            accuracy: null,
            precision: null,
            recall: null,
            f1: null,
          },
        },
        {
          ts: "2026-11-01T02:00:00.000Z",
          count: 0,
          skipped: 0,
          estimated: none,
          realized: {
            count: 0,
            skipped: 0,
            accuracy: null,
            precision: null,
            recall: null,
            f1: null,
          },
        },
      ],
    });
    expect(rows).toHaveLength(2);
    expect(rows[0].estimated).toBeCloseTo(90);
    expect(rows[0].lower).toBeCloseTo(85);
    expect(rows[0].realized).toBe(75);
    expect(rows[1].realized).toBeNull();
  });

  it("marks drifts over warnings, skips falling error rates, and names the detectors", () => {
    const at = "2026-11-01T05:00:00.000Z";
    const base = { outcomeIndex: 1, errorRate: 0.3 };
    const markers = signalMarkers({
      from: at,
      to: at,
      bucketSeconds: 60,
      note: null,
      series: [],
      detectors: [],
      signals: [
        {
          ...base,
          detector: "ddm",
          level: "warning",
          direction: "up",
          ts: "2026-11-01T04:00:00.000Z",
        },
        { ...base, detector: "ddm", level: "drift", direction: "up", ts: at },
        { ...base, detector: "adwin", level: "drift", direction: "up", ts: at },
        { ...base, detector: "page_hinkley", level: "warning", direction: "up", ts: at },
        {
          ...base,
          detector: "adwin",
          level: "drift",
          direction: "down",
          ts: "2026-11-01T06:00:00.000Z",
        },
      ],
    });
    expect(markers).toEqual([
      { t: Date.parse("2026-11-01T04:00:00.000Z"), label: "DDM warning" },
      { t: Date.parse(at), label: "DDM, ADWIN drift" },
    ]);
    // Over a week, signals an hour apart share one marker at the first.
    const week = signalMarkers({
      from: "2026-10-26T00:00:00.000Z",
      to: "2026-11-02T00:00:00.000Z",
      bucketSeconds: 600,
      note: null,
      series: [],
      detectors: [],
      signals: [
        {
          ...base,
          detector: "ddm",
          level: "warning",
          direction: "up",
          ts: "2026-11-01T04:00:00.000Z",
        },
        { ...base, detector: "ddm", level: "drift", direction: "up", ts: at },
        {
          ...base,
          detector: "adwin",
          level: "drift",
          direction: "up",
          ts: "2026-11-01T05:30:00.000Z",
        },
        {
          ...base,
          detector: "ddm",
          level: "drift",
          direction: "up",
          ts: "2026-10-27T00:00:00.000Z",
        },
      ],
    });
    expect(week).toEqual([
      { t: Date.parse("2026-10-27T00:00:00.000Z"), label: "DDM drift" },
      { t: Date.parse("2026-11-01T04:00:00.000Z"), label: "DDM, ADWIN drift" },
    ]);
    expect(
      errorRows({
        from: at,
        to: at,
        bucketSeconds: 60,
        note: null,
        signals: [],
        detectors: [],
        series: [
          { ts: at, count: 4, errorRate: 0.25 },
          { ts: at, count: 0, errorRate: null },
        ],
      }),
    ).toEqual([{ t: Date.parse(at), value: 25, count: 4 }]);
  });
});
