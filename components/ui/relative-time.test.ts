import { describe, expect, it } from "vitest";
import { formatRelative } from "./relative-time";

describe("formatRelative", () => {
  const now = new Date("2026-11-27T12:00:00Z");
  it.each([
    ["2026-11-27T11:59:55Z", "just now"],
    ["2026-11-27T11:57:00Z", "3 minutes ago"],
    ["2026-11-27T09:00:00Z", "3 hours ago"],
    ["2026-11-26T12:00:00Z", "yesterday"],
    ["2026-11-27T12:30:00Z", "in 30 minutes"],
    ["2025-11-01T12:00:00Z", "last year"],
  ])("%s → %s", (iso, expected) => {
    expect(formatRelative(new Date(iso), now)).toBe(expected);
  });
});
