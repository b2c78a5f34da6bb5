import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { transaction } from "@/lib/pg";
import { makeTarget, makeUser, promotableVersion } from "@/lib/testing/fixtures";
import { rollup, writePoints } from "@/lib/timeseries/store";
import { actorOf } from "./audit";
import { PREDICTION_SERIES } from "./ingest";
import { fleet, judgeHealth } from "./monitoring";
import { registerVersion } from "./versions";

// The fleet lists endpoints (a model on a target) with series across releases, unhealthy
// first, and an endpoint whose traffic stopped has no traffic: it is not healthy on old figures.

const H = 3_600_000;
const req = { latencyP95Ms: 100, maxErrorRate: 0.01 };
const bucket = (t: number, p95: number | null, count = 10) => ({
  ts: new Date(t).toISOString(),
  p95,
  count,
});

describe("fleet health (pure)", () => {
  const now = Date.parse("2026-11-20T12:00:00Z");
  it("judges only the latest bucket widths, not the last buckets that have data", () => {
    const stale = judgeHealth([bucket(now - 30 * H, 40)], [], req, now - 3 * H);
    expect(stale.health).toBe("idle");
    expect(stale.reasons).toEqual(["no requests since 2026-11-19 06:00 UTC"]);
    expect(judgeHealth([], [], req, now - 3 * H)).toMatchObject({
      health: "idle",
      reasons: ["no requests in the range"],
    });
    expect(judgeHealth([bucket(now - H, 40)], [], req, now - 3 * H).health).toBe("ok");
    expect(judgeHealth([bucket(now - H, 90)], [], req, now - 3 * H).health).toBe("warn");
    expect(judgeHealth([bucket(now - H, 140)], [], req, now - 3 * H).health).toBe("crit");
    const errors = [{ ts: new Date(now - H).toISOString(), count: 100, sum: 5 }];
    expect(judgeHealth([bucket(now - H, 40)], errors, req, now - 3 * H)).toMatchObject({
      health: "crit",
      reasons: ["error rate 5.00 % > 1.00 %"],
    });
  });
});

describe("the fleet (PostgreSQL)", () => {
  it("shows one row per endpoint, whose sparkline spans the release, unhealthy rows first", async () => {
    const v = await promotableVersion();
    const editor = await makeUser("editor");
    const target = await makeTarget("production", 0);
    const v2 = await registerVersion(actorOf(editor), v.slug, { artifactUri: "s3://m/2" });
    const now = Date.now();
    const d1 = await db.deployment.create({
      data: {
        ...{ modelId: v.modelId, versionId: v.versionId, targetId: target.id },
        ...{
          status: "superseded",
          activatedAt: new Date(now - 5 * H),
          endedAt: new Date(now - 2 * H),
        },
      },
    });
    const d2 = await db.deployment.create({
      data: {
        ...{ modelId: v.modelId, versionId: v2.id, targetId: target.id, previousId: d1.id },
        ...{ status: "active", activatedAt: new Date(now - 2 * H) },
      },
    });
    const latency = (deploymentId: string, at: number, value: number) =>
      Array.from({ length: 5 }, (_, i) => ({
        deploymentId,
        name: PREDICTION_SERIES.latency,
        ts: new Date(at + i * 1000),
        value,
      }));
    await transaction((c) =>
      writePoints(c, [
        ...latency(d1.id, now - 4 * H, 30),
        ...latency(d2.id, now - 30 * 60_000, 30),
      ]),
    );
    await db.modelRequirements.upsert({
      where: { modelId: v.modelId },
      create: { modelId: v.modelId, latencyP95Ms: 10 },
      update: { latencyP95Ms: 10 },
    });
    while ((await rollup(5000)).ranges > 0);

    const { items } = await fleet({ range: "24h" });
    const mine = items.filter((i) => i.model === v.slug);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      deploymentId: d2.id,
      versions: [2],
      health: "crit",
      requests: 10, // both releases' points
      endpoint: `/api/v1/models/${v.slug}/targets/${target.slug}`,
    });
    const ranks = items.map((i) => ({ crit: 0, warn: 1, idle: 2, ok: 3 })[i.health]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});
