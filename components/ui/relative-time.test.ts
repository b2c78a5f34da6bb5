import { describe, expect, it } from "vitest";
import { formatExact, formatRelative } from "./relative-time";

describe("formatRelative", () => {
  const now = new Date("2026-11-27T12:00:00Z");
  it.each([
    ["2026-11-27T11:59:55Z", "just now"],
    ["2026-11-27T11:57:00Z", "3 min ago"],
    ["2026-11-27T09:00:00Z", "3 h ago"],
    ["2026-11-26T12:00:00Z", "1 d ago"],
    ["2026-11-29T12:00:00Z", "in 2 d"],
    ["2026-11-27T12:30:00Z", "in 30 min"],
    ["2025-11-01T12:00:00Z", "1 y ago"],
  ])("%s → %s", (iso, expected) => {
    expect(formatRelative(new Date(iso), now)).toBe(expected);
  });
});

describe("formatExact", () => {
  it("is 24-hour, with seconds and the zone", () => {
    expect(formatExact(new Date("2026-11-27T15:04:05Z"), "UTC")).toBe("27 Nov 2026, 15:04:05 UTC");
    expect(formatExact(new Date("2026-11-27T15:04:05Z"), "Europe/Berlin")).toBe(
      "27 Nov 2026, 16:04:05 CET",
    );
  });
});
