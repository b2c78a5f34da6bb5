import { describe, expect, it } from "vitest";
import { sortAlerts } from "./order";

const alert = (id: string, state: string, severity: string, at: string) => ({
  id,
  state,
  severity,
  startedAt: at,
  firedAt: state === "pending" ? null : at,
});

describe("sortAlerts", () => {
  it("puts firing first, then pending, acknowledged, resolved; then severity; then newest", () => {
    const sorted = sortAlerts([
      alert("ack-crit", "acknowledged", "critical", "2026-11-29T10:00:00Z"),
      alert("resolved", "resolved", "critical", "2026-11-29T12:00:00Z"),
      alert("firing-warn-old", "firing", "warning", "2026-11-29T08:00:00Z"),
      alert("firing-warn-new", "firing", "warning", "2026-11-29T09:00:00Z"),
      alert("pending-crit", "pending", "critical", "2026-11-29T11:00:00Z"),
      alert("firing-crit", "firing", "critical", "2026-11-29T07:00:00Z"),
    ]);
    expect(sorted.map((a) => a.id)).toEqual([
      "firing-crit",
      "firing-warn-new",
      "firing-warn-old",
      "pending-crit",
      "ack-crit",
      "resolved",
    ]);
  });
});
