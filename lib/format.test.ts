import { describe, expect, it } from "vitest";
import {
  deltaDirection,
  formatBeforeAfter,
  formatBytes,
  formatDelta,
  formatMetric,
} from "./format";

describe("format", () => {
  it("formats sizes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(48_128)).toBe("47.0 KiB");
    expect(formatBytes(2_621_440)).toBe("2.5 MiB");
    expect(formatBytes(null)).toBe("—");
  });

  it("formats metrics compactly", () => {
    expect(formatMetric(0.83841234)).toBe("0.8384");
    expect(formatMetric(18.639)).toBe("18.639");
    expect(formatMetric(1234.5)).toBe("1234.5");
    expect(formatMetric(0.00001)).toBe("1.00e-5");
  });

  it("signs deltas and percentages", () => {
    expect(formatDelta(0.05, 6.25)).toBe("+0.05 (+6.3%)");
    expect(formatDelta(-0.0001, -0.01)).toBe("−1.00e-4 (±0.0%)");
    expect(formatDelta(-0.08, -9.09)).toBe("−0.08 (−9.1%)");
    expect(formatDelta(null, null)).toBe("");
  });

  it("knows that lower is better for errors and losses", () => {
    expect(deltaDirection("accuracy", 0.1)).toBe("better");
    expect(deltaDirection("rmse", 0.1)).toBe("worse");
    expect(deltaDirection("val_loss", -0.2)).toBe("better");
    expect(deltaDirection("latency_p95_ms", 3)).toBe("worse");
    expect(deltaDirection("f1", 0)).toBe("same");
  });

  it("formats an optimization's before and after with units", () => {
    expect(formatBeforeAfter(48_128, 24_576, "bytes")).toBe("47.0 KiB → 24.0 KiB");
    expect(formatBeforeAfter(1.9, 1.1, "ms")).toBe("1.9 → 1.1 ms");
    expect(formatBeforeAfter(0.8219, 0.8219, "")).toBe("0.8219 → 0.8219");
  });
});
