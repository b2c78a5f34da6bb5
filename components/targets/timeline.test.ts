import { describe, expect, it } from "vitest";
import { axisTicks, buildTimeline, formatUtc, type TimelineDeployment } from "./timeline";

const DAY = 24 * 3600 * 1000;
const now = new Date("2026-11-27T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY).toISOString();

function dep(
  over: Partial<TimelineDeployment> & Pick<TimelineDeployment, "id" | "version">,
): TimelineDeployment {
  return {
    model: "seattle-weather",
    modelName: "Seattle weather classifier",
    status: "superseded",
    activatedAt: null,
    endedAt: null,
    endReason: null,
    rollbackReason: null,
    ...over,
  };
}

describe("buildTimeline", () => {
  // Newest first, as targetHistory returns them.
  const history: TimelineDeployment[] = [
    dep({
      id: "d4",
      version: 1,
      status: "active",
      activatedAt: daysAgo(5),
      rollbackReason: "latency regression",
    }),
    dep({
      id: "d3",
      version: 2,
      status: "rolled_back",
      activatedAt: daysAgo(21),
      endedAt: daysAgo(5),
      endReason: "rolled back: latency regression",
    }),
    dep({
      id: "p1",
      model: "penguin-species",
      modelName: "Penguin species",
      version: 1,
      status: "active",
      activatedAt: daysAgo(30),
    }),
    dep({
      id: "d1",
      version: 1,
      status: "superseded",
      activatedAt: daysAgo(50),
      endedAt: daysAgo(21),
      endReason: "superseded by a newer version",
    }),
    dep({ id: "never", version: 3, status: "pending" }),
  ];
  const t = buildTimeline(history, now);

  it("spans from a little before the first activation up to now", () => {
    expect(t.end).toBe(now.toISOString());
    const start = new Date(t.start).getTime();
    expect(start).toBeLessThan(new Date(daysAgo(50)).getTime());
    expect(start).toBeGreaterThan(new Date(daysAgo(53)).getTime());
  });

  it("makes one row per model, the most recently activated first, and leaves out what never activated", () => {
    expect(t.rows.map((r) => r.model)).toEqual(["seattle-weather", "penguin-species"]);
    expect(t.rows[0].bars.map((b) => b.id)).toEqual(["d1", "d3", "d4"]);
    expect(t.rows.flatMap((r) => r.bars).some((b) => b.id === "never")).toBe(false);
    expect(t.rows.every((r) => r.active)).toBe(true);
  });

  it("places bars as fractions of the axis, consecutive bars touching, the running one reaching now", () => {
    const [b1, b3, b4] = t.rows[0].bars;
    for (const b of [b1, b3, b4]) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(b1.x + b1.width).toBeCloseTo(b3.x, 9);
    expect(b3.x + b3.width).toBeCloseTo(b4.x, 9);
    expect(b4.x + b4.width).toBeCloseTo(1, 9);
    // 16 of ~51.5 days.
    expect(b3.width).toBeCloseTo(16 / (50 * 1.03), 3);
  });

  it("labels bars with the version, their status, and how they ended or began", () => {
    const [b1, b3, b4] = t.rows[0].bars;
    expect(b1).toMatchObject({
      label: "v1",
      status: "superseded",
      ended: "superseded by a newer version",
      started: null,
      showLabel: true,
    });
    expect(b3).toMatchObject({
      label: "v2",
      status: "rolled_back",
      ended: "rolled back: latency regression",
      to: daysAgo(5),
    });
    expect(b4).toMatchObject({
      label: "v1",
      status: "active",
      ended: "still running",
      to: null,
      started: "restored by a rollback: latency regression",
    });
  });

  it("hides the label of a bar too narrow to hold it, but keeps a zero-width bar", () => {
    const tl = buildTimeline(
      [
        dep({
          id: "a",
          version: 1,
          status: "superseded",
          activatedAt: daysAgo(100),
          endedAt: daysAgo(99.9),
        }),
        dep({
          id: "b",
          version: 2,
          status: "failed",
          activatedAt: daysAgo(99.9),
          endedAt: daysAgo(99.9),
        }),
        dep({ id: "c", version: 3, status: "active", activatedAt: daysAgo(99.9) }),
      ],
      now,
    );
    const [a, b, c] = tl.rows[0].bars;
    expect(a.showLabel).toBe(false);
    expect(b).toMatchObject({ width: 0, status: "other", rawStatus: "failed", ended: "failed" });
    expect(c.showLabel).toBe(true);
  });

  it("gives a fresh deployment a readable span of at least an hour", () => {
    const tl = buildTimeline(
      [
        dep({
          id: "x",
          version: 1,
          status: "active",
          activatedAt: new Date(now.getTime() - 60_000).toISOString(),
        }),
      ],
      now,
    );
    expect(new Date(tl.end).getTime() - new Date(tl.start).getTime()).toBeGreaterThanOrEqual(
      3600_000,
    );
    const bar = tl.rows[0].bars[0];
    expect(bar.x).toBeGreaterThan(0.9);
    expect(bar.x + bar.width).toBeCloseTo(1, 9);
    expect(tl.ticks.length).toBeGreaterThan(1);
  });

  it("has no rows but still an axis when nothing ever ran", () => {
    const tl = buildTimeline([], now);
    expect(tl.rows).toEqual([]);
    expect(tl.end).toBe(now.toISOString());
    expect(tl.ticks.length).toBeGreaterThan(0);
  });
});

describe("axisTicks", () => {
  const at = (iso: string) => new Date(iso).getTime();

  it("puts at most maxTicks ticks at round UTC times inside the range, left to right", () => {
    const ticks = axisTicks(at("2026-10-06T08:00:00Z"), at("2026-11-27T12:00:00Z"), 6);
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.length).toBeLessThanOrEqual(6);
    for (const tk of ticks) {
      expect(tk.x).toBeGreaterThanOrEqual(0);
      expect(tk.x).toBeLessThanOrEqual(1);
      expect(tk.at).toMatch(/T00:00:00.000Z$/);
    }
    expect(ticks.map((tk) => tk.x)).toEqual([...ticks.map((tk) => tk.x)].sort((a, b) => a - b));
    expect(ticks[0].label).toMatch(/^(Oct|Nov) \d+$/);
  });

  it("uses clock times for short spans and names the day at midnight", () => {
    const ticks = axisTicks(at("2026-11-26T21:10:00Z"), at("2026-11-27T02:50:00Z"), 6);
    expect(ticks.map((tk) => tk.label)).toEqual(["22:00", "23:00", "Nov 27", "01:00", "02:00"]);
  });

  it("uses calendar months for long spans", () => {
    const ticks = axisTicks(at("2025-11-15T00:00:00Z"), at("2026-11-27T00:00:00Z"), 6);
    expect(ticks.every((tk) => /-01T00:00:00.000Z$/.test(tk.at))).toBe(true);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks[0].label).toMatch(/^[A-Z][a-z]{2} 202[56]$/);
  });

  it("returns nothing for an empty range", () => {
    expect(axisTicks(5, 5)).toEqual([]);
  });
});

describe("formatUtc", () => {
  it("prints minutes in UTC", () => {
    expect(formatUtc("2026-03-04T05:06:59.999Z")).toBe("2026-03-04 05:06 UTC");
  });
});
