import { describe, expect, it } from "vitest";
import {
  absoluteRange,
  accuracyRequirement,
  accuracyRows,
  against,
  chooseLatency,
  confidenceRows,
  errorBuckets,
  errorRows,
  firstDomain,
  featureRows,
  formatMs,
  formatPercent,
  formatRate,
  formatValue,
  fromLocalInput,
  latencyRows,
  logQuery,
  niceCeil,
  parseLogFilters,
  parseRange,
  peakP95,
  percentDomain,
  rangeQuery,
  rangeSpan,
  resourceRows,
  timeTickFormatter,
  throughputUnit,
  timeTicks,
  toLocalInput,
  withLogFilters,
  withRange,
  yDomain,
  yTicks,
  niceStep,
  type Series,
  type Summary,
} from "./monitoring";

const point = (ts: string, count: number, v: number | null) => ({
  ts,
  count,
  avg: v,
  min: v,
  max: v,
  p50: v,
  p95: v === null ? null : v * 2,
  p99: v === null ? null : v * 3,
});
const series = (name: string, points: Series["points"]): Series => ({
  name,
  from: "2026-01-01T00:00:00.000Z",
  to: "2026-01-02T00:00:00.000Z",
  bucketSeconds: 600,
  source: "raw",
  points,
});

const summary: Summary = {
  from: "2026-01-01T00:00:00.000Z",
  to: "2026-01-02T00:00:00.000Z",
  bucketSeconds: 600,
  points: [
    {
      ts: "2026-01-01T00:00:00.000Z",
      count: 600,
      perSecond: 1,
      errorRate: 0.01,
      latencyP50: 10,
      latencyP95: 20,
      latencyP99: 30,
      labeled: 0,
      accuracy: null,
    },
    {
      ts: "2026-01-01T00:10:00.000Z",
      count: 0,
      perSecond: 0,
      errorRate: null,
      latencyP50: null,
      latencyP95: null,
      latencyP99: null,
      labeled: 0,
      accuracy: null,
    },
    {
      ts: "2026-01-01T00:20:00.000Z",
      count: 300,
      perSecond: 0.5,
      errorRate: 0,
      latencyP50: 12,
      latencyP95: 25,
      latencyP99: 40,
      labeled: 100,
      accuracy: 0.85,
    },
  ],
  confidence: Array.from({ length: 10 }, (_, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    count: i === 9 ? 5 : 0,
  })),
  totals: { count: 900, errors: 6, labeled: 100, correct: 85 },
};

describe("ranges in the URL", () => {
  it("reads a preset, an explicit from/to, and falls back to 24 h", () => {
    expect(parseRange(new URLSearchParams("range=7d"))).toEqual({ kind: "preset", range: "7d" });
    expect(parseRange({ range: "1h" })).toEqual({ kind: "preset", range: "1h" });
    expect(parseRange({ range: "2y" })).toEqual({ kind: "preset", range: "24h" });
    expect(parseRange({})).toEqual({ kind: "preset", range: "24h" });
    expect(
      parseRange({ from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", range: "7d" }),
    ).toEqual({
      kind: "custom",
      from: "2026-01-01T00:00:00.000Z",
      to: "2026-01-02T00:00:00.000Z",
    });
  });

  it("ignores a custom range that is backwards, invalid or too long", () => {
    expect(
      parseRange({ from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z", range: "6h" }),
    ).toEqual({ kind: "preset", range: "6h" });
    expect(parseRange({ from: "yesterday", to: "2026-01-01T00:00:00Z" })).toEqual({
      kind: "preset",
      range: "24h",
    });
    expect(parseRange({ from: "2024-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" })).toEqual({
      kind: "preset",
      range: "24h",
    });
  });

  it("limits presets to the allowed ones (the fleet offers 24h, 7d, 30d)", () => {
    expect(
      parseRange({ range: "1h" }, ["24h", "7d", "30d"], { kind: "preset", range: "7d" }),
    ).toEqual({ kind: "preset", range: "7d" });
  });

  it("writes the API query and the page URL, keeping other parameters", () => {
    expect(rangeQuery({ kind: "preset", range: "6h" })).toBe("range=6h");
    expect(
      rangeQuery({
        kind: "custom",
        from: "2026-01-01T00:00:00.000Z",
        to: "2026-01-01T06:00:00.000Z",
      }),
    ).toBe("from=2026-01-01T00%3A00%3A00.000Z&to=2026-01-01T06%3A00%3A00.000Z");
    expect(
      withRange("?view=log&range=24h&cursor=abc", { kind: "preset", range: "7d" }, ["cursor"]),
    ).toBe("?view=log&range=7d");
    expect(withRange("?range=7d", { kind: "custom", from: "a", to: "b" })).toBe("?from=a&to=b");
    expect(rangeSpan({ kind: "preset", range: "6h" })).toBe(6 * 3_600_000);
    expect(
      rangeSpan({ kind: "custom", from: "2026-01-01T00:00:00Z", to: "2026-01-01T02:00:00Z" }),
    ).toBe(2 * 3_600_000);
  });

  it("round-trips datetime-local inputs", () => {
    expect(toLocalInput("2026-01-01T12:30:00.000Z", 0)).toBe("2026-01-01T12:30");
    expect(toLocalInput("2026-01-01T12:30:00.000Z", -60)).toBe("2026-01-01T13:30");
    expect(fromLocalInput(toLocalInput("2026-01-01T12:30:00.000Z"))).toBe(
      "2026-01-01T12:30:00.000Z",
    );
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("nonsense")).toBeNull();
  });

  it("turns a preset into absolute times for the log", () => {
    const now = Date.parse("2026-01-02T00:00:00Z");
    expect(absoluteRange({ kind: "preset", range: "24h" }, now)).toEqual({
      from: "2026-01-01T00:00:00.000Z",
      to: "2026-01-02T00:00:00.000Z",
    });
  });
});

describe("axis formatting", () => {
  const t = Date.parse("2026-03-03T14:05:00Z");
  it("shows times within a day, weekdays within three days, dates beyond", () => {
    expect(timeTickFormatter(3_600_000, "UTC")(t)).toBe("14:05");
    expect(timeTickFormatter(2 * 86_400_000, "UTC")(t)).toBe("Tue 14:05");
    expect(timeTickFormatter(30 * 86_400_000, "UTC")(t)).toBe("3 Mar");
  });

  it("places ticks on whole steps inside the range", () => {
    const from = Date.parse("2026-01-01T00:07:00Z");
    const ticks = timeTicks(from, from + 3_600_000);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.every((x) => x >= from && x <= from + 3_600_000)).toBe(true);
    expect(new Date(ticks[0]).toISOString()).toBe("2026-01-01T00:10:00.000Z");
    expect(timeTicks(5, 5)).toEqual([]);
  });

  it("formats latency, percentages and rates", () => {
    expect(formatMs(4.567)).toBe("4.57 ms");
    expect(formatMs(45.67)).toBe("45.7 ms");
    expect(formatMs(456.7)).toBe("457 ms");
    expect(formatMs(12_345)).toBe("12.3 s");
    expect(formatMs(null)).toBe("—");
    expect(formatPercent(0.0123)).toBe("1.23 %");
    expect(formatPercent(0.5)).toBe("50.0 %");
    expect(formatPercent(0)).toBe("0.0 %");
    expect(formatRate(12.34)).toBe("12.3/s");
    expect(formatRate(0.5)).toBe("30/min");
    expect(formatRate(0.001)).toBe("3.6/h");
  });
});

describe("latency", () => {
  const primary = series("latency_ms", [point("2026-01-01T00:00:00.000Z", 0, null)]);
  const fallback = series("prediction.latency_ms", [point("2026-01-01T00:00:00.000Z", 3, 10)]);

  it("prefers latency_ms and falls back to prediction.latency_ms when it has no points", () => {
    expect(chooseLatency(primary, fallback)?.name).toBe("prediction.latency_ms");
    const withData = series("latency_ms", [point("2026-01-01T00:00:00.000Z", 1, 5)]);
    expect(chooseLatency(withData, fallback)?.name).toBe("latency_ms");
    expect(chooseLatency(primary, undefined)).toBeNull();
    expect(chooseLatency(undefined, undefined)).toBeNull();
  });

  it("turns buckets into rows, skipping empty ones", () => {
    expect(
      latencyRows(
        series("x", [
          point("2026-01-01T00:00:00.000Z", 2, 10),
          point("2026-01-01T00:10:00.000Z", 0, null),
        ]),
      ),
    ).toEqual([{ t: Date.parse("2026-01-01T00:00:00.000Z"), p50: 10, p95: 20, p99: 30 }]);
    expect(latencyRows(null)).toEqual([]);
  });
});

describe("accuracy requirement", () => {
  it("draws the minimum metric as a percentage only when it is accuracy", () => {
    expect(accuracyRequirement({ minMetricName: "accuracy", minMetricValue: 0.9 })).toBeCloseTo(90);
    expect(accuracyRequirement({ minMetricName: "Acc", minMetricValue: 0.75 })).toBe(75);
    expect(accuracyRequirement({ minMetricName: "f1", minMetricValue: 0.9 })).toBeNull();
    expect(accuracyRequirement({ minMetricName: "accuracy", minMetricValue: null })).toBeNull();
    expect(accuracyRequirement(null)).toBeNull();
  });
});

describe("time domains", () => {
  it("takes the first known domain, else the last 24 hours", () => {
    expect(firstDomain(undefined, [1, 2], [3, 4])).toEqual([1, 2]);
    const [from, to] = firstDomain(undefined, undefined);
    expect(to - from).toBe(86_400_000);
    expect(Math.abs(to - Date.now())).toBeLessThan(1000);
  });
});

describe("y domains", () => {
  it("starts at zero and includes the requirement line with headroom", () => {
    expect(yDomain([10, 20, 30], 50)).toEqual([0, 60]);
    expect(yDomain([10, 80], 50)).toEqual([0, 100]);
    expect(yDomain([], null)).toEqual([0, 1]);
    expect(yDomain([null, 3], undefined)).toEqual([0, 4]);
    expect(yDomain([95], 1, 100)).toEqual([0, 100]);
  });

  it("ticks on whole steps", () => {
    expect(yTicks([0, 10])).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(yTicks([0, 60])).toEqual([0, 20, 40, 60]);
    expect(yTicks([60, 100])).toEqual([60, 70, 80, 90, 100]);
    expect(yTicks([0, 0.04])).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
    expect(niceStep(0)).toBe(1);
  });

  it("rounds up to readable numbers", () => {
    expect(niceCeil(0.034)).toBe(0.04);
    expect(niceCeil(7)).toBe(8);
    expect(niceCeil(110)).toBe(120);
    expect(niceCeil(0)).toBe(1);
  });

  it("zooms percentages near 100 but keeps the requirement in view", () => {
    expect(percentDomain([85, 92], 70)).toEqual([60, 100]);
    expect(percentDomain([97, 99])).toEqual([90, 100]);
    expect(percentDomain([])).toEqual([0, 100]);
  });
});

describe("summary rows", () => {
  it("throughput in the unit that reads best", () => {
    expect(throughputUnit([{ t: 0, value: 2 }])).toEqual({ factor: 1, suffix: "/s" });
    expect(
      throughputUnit([
        { t: 0, value: 0.05 },
        { t: 1, value: null },
      ]),
    ).toEqual({ factor: 60, suffix: "/min" });
    expect(throughputUnit([{ t: 0, value: 0.001 }])).toEqual({ factor: 3600, suffix: "/h" });
    expect(throughputUnit([])).toEqual({ factor: 3600, suffix: "/h" });
  });

  it("error rate as percentages, skipping buckets without requests", () => {
    expect(errorRows(summary).map((r) => r.value)).toEqual([1, 0]);
  });

  it("accuracy only where labels arrived", () => {
    expect(accuracyRows(summary)).toEqual([
      { t: Date.parse("2026-01-01T00:20:00.000Z"), value: 85, labeled: 100 },
    ]);
  });

  it("a confidence histogram of ten bins, or nothing when no prediction had a confidence", () => {
    const rows = confidenceRows(summary);
    expect(rows).toHaveLength(10);
    expect(rows[0].bin).toBe("0.0–0.1");
    expect(rows[9]).toMatchObject({ bin: "0.9–1.0", count: 5 });
    expect(
      confidenceRows({
        ...summary,
        confidence: summary.confidence.map((b) => ({ ...b, count: 0 })),
      }),
    ).toEqual([]);
  });

  it("merges CPU and memory by bucket", () => {
    const cpu = series("cpu_percent", [
      point("2026-01-01T00:00:00.000Z", 1, 40),
      point("2026-01-01T00:10:00.000Z", 1, 50),
    ]);
    const mem = series("memory_mb", [
      point("2026-01-01T00:10:00.000Z", 1, 300),
      point("2026-01-01T00:20:00.000Z", 1, 310),
    ]);
    expect(resourceRows(cpu, mem).map((r) => [r.cpu, r.memory])).toEqual([
      [40, null],
      [50, 300],
      [null, 310],
    ]);
  });
});

describe("fleet", () => {
  it("compares a value with its limit", () => {
    expect(against(60, 50)).toBe("over");
    expect(against(45, 50)).toBe("near");
    expect(against(10, 50)).toBe("within");
    expect(against(null, 50)).toBe("unknown");
    expect(against(10, null)).toBe("unknown");
  });
});

describe("inference log", () => {
  it("reads filters from the URL, dropping invalid ones", () => {
    expect(
      parseLogFilters(
        new URLSearchParams(
          "minConfidence=0.2&maxConfidence=2&hasLabel=true&hasError=maybe&prediction=%20rain%20",
        ),
      ),
    ).toEqual({
      minConfidence: 0.2,
      hasLabel: "true",
      prediction: "rain",
    });
  });

  it("writes filters to the URL and the API query", () => {
    expect(
      withLogFilters("?view=log&range=7d&hasError=true", { hasLabel: "false", minConfidence: 0.5 }),
    ).toBe("?view=log&range=7d&minConfidence=0.5&hasLabel=false");
    const q = new URLSearchParams(
      logQuery({ from: "a", to: "b" }, { prediction: "rain" }, 50, "cur"),
    );
    expect(Object.fromEntries(q)).toEqual({
      from: "a",
      to: "b",
      prediction: "rain",
      limit: "50",
      cursor: "cur",
    });
  });

  it("shows values and features as text", () => {
    expect(formatValue("rain")).toBe("rain");
    expect(formatValue(0.1 + 0.2)).toBe("0.3");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(null)).toBe("—");
    expect(featureRows({ wind: 3, temp: "x" })).toEqual([
      { key: "temp", value: "x" },
      { key: "wind", value: "3" },
    ]);
  });
});

describe("error-rate buckets", () => {
  const bucket = (ts: string, count: number, errorRate: number | null) => ({
    ts,
    count,
    perSecond: 0,
    errorRate,
    latencyP50: null,
    latencyP95: null,
    latencyP99: null,
    labeled: 0,
    accuracy: null,
  });
  const s = {
    from: "2026-01-01T00:00:00.000Z",
    to: "2026-01-01T01:00:00.000Z",
    bucketSeconds: 30,
    points: [
      bucket("2026-01-01T00:00:00.000Z", 8, 0.125),
      bucket("2026-01-01T00:00:30.000Z", 40, 0.1),
      bucket("2026-01-01T00:01:00.000Z", 400, 0.005),
      bucket("2026-01-01T00:01:30.000Z", 0, null),
    ],
    confidence: [],
    totals: { count: 448, errors: 7, labeled: 0, correct: 0 },
  } satisfies Summary;

  it("does not call a bucket of a handful of requests a breach, and keeps its counts", () => {
    expect(errorBuckets(s, 0.01).map((b) => [b.count, b.errors, b.state])).toEqual([
      [8, 1, "low-sample"],
      [40, 4, "breach"],
      [400, 2, "ok"],
    ]);
  });

  it("calls nothing a breach without a limit", () => {
    expect(errorBuckets(s, null).map((b) => b.state)).toEqual(["low-sample", "ok", "ok"]);
  });
});

describe("peak p95", () => {
  it("is the highest p95 the latency chart draws", () => {
    const rows = [
      { t: 0, p50: 10, p95: 40, p99: 90 },
      { t: 1, p50: 12, p95: 350, p99: 400 },
      { t: 2, p50: 11, p95: null, p99: null },
    ];
    expect(peakP95(rows)).toBe(350);
    expect(peakP95([])).toBeNull();
  });
});
