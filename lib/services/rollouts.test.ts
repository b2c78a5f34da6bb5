import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { transaction } from "@/lib/pg";
import { writePoints } from "@/lib/timeseries/store";
import { alert as alertSchema } from "@/lib/schemas/alerts";
import { rolloutPlan } from "@/lib/schemas/rollouts";
import {
  approveAsShown,
  makeTarget,
  makeUser,
  promotableVersion,
  refusal,
  waiveGatedItems,
} from "@/lib/testing/fixtures";
import { getAlert } from "./alerts/workflow";
import { actorOf } from "./audit";
import { getDeployment, rollback } from "./deployments";
import { ingestPredictions } from "./ingest";
import { requestPromotion } from "./promotions/requests";
import { actOnRollout, advanceRollouts, getRollout } from "./rollouts";
import { registerVersion } from "./versions";

// Canary rollouts through the real database: the canary runs beside the stable deployment,
// each step is analysed on the points both pushed, and the verdict moves it on, promotes it
// or rolls it back by itself.

/** Two steps, through the request schema as the API parses them (defaults filled in). */
const canary = (seconds = 60) =>
  rolloutPlan.parse({
    strategy: "canary",
    steps: [
      { percent: 10, seconds },
      { percent: 50, seconds },
    ],
  });

/** v1 stable on a production target (one approval), v2 registered and promotable. */
async function stableAndCandidate() {
  const fixture = await promotableVersion();
  const target = await makeTarget("production", 1);
  const approver = await makeUser("approver");
  const first = await requestPromotion(fixture.editor, fixture.slug, 1, {
    target: target.slug,
    reason: "v1",
  });
  const stableId = (await approveAsShown(approver, first.id)).deploymentId!;
  const v2 = await registerVersion(actorOf(fixture.editor), fixture.slug, {
    artifactUri: `s3://models/${fixture.slug}/2/model.onnx`,
    evalMetrics: { accuracy: 0.96 },
  });
  await waiveGatedItems(v2.id);
  return { ...fixture, target, approver, stableId };
}

async function startCanaryRollout(seconds = 60) {
  const f = await stableAndCandidate();
  const request = await requestPromotion(f.editor, f.slug, 2, {
    target: f.target.slug,
    reason: "v2 as a canary",
    rollout: canary(seconds),
  });
  const approved = await approveAsShown(f.approver, request.id);
  return { ...f, canaryId: approved.deploymentId!, rolloutId: approved.rolloutId! };
}

/** Logged predictions with latencies spread ±30 % around `median` and a share of failures. */
async function traffic(
  deploymentId: string,
  from: Date,
  n: number,
  median: number,
  errorRate: number,
) {
  const records = Array.from({ length: n }, (_, i) => ({
    ts: new Date(from.getTime() + i * 10).toISOString(),
    features: { x: i % 5 },
    prediction: 1,
    // A deterministic spread: i·7919 mod n visits every residue once.
    latencyMs: median * (0.7 + (0.6 * ((i * 7919) % n)) / n),
    ...((i * 7919) % 1000 < errorRate * 1000 ? { error: "timeout" } : {}),
  }));
  await transaction((c) => ingestPredictions(c, deploymentId, { records }));
}

const later = (from: string, seconds: number) => new Date(Date.parse(from) + seconds * 1000);

describe("canary rollouts", () => {
  it("runs the canary beside the stable deployment with the first step's traffic", async () => {
    const f = await startCanaryRollout();
    const rollout = await getRollout(f.rolloutId);
    expect(rollout).toMatchObject({ state: "running", stepIndex: 0, trafficPercent: 10 });
    expect(await getDeployment(f.canaryId)).toMatchObject({
      status: "active",
      canary: true,
      trafficPercent: 10,
      rolloutId: f.rolloutId,
    });
    expect(await getDeployment(f.stableId)).toMatchObject({
      status: "active",
      canary: false,
      trafficPercent: 90,
    });
    expect(
      await db.domainEvent.count({ where: { subjectId: f.rolloutId, type: "rollout.started" } }),
    ).toBe(1);
  });

  it("a healthy canary passes each step and ends stable at 100 %", async () => {
    const f = await startCanaryRollout();
    let r = await getRollout(f.rolloutId);
    await traffic(f.stableId, new Date(r.stepStartedAt), 400, 100, 0.01);
    await traffic(f.canaryId, new Date(r.stepStartedAt), 400, 100, 0.01);
    expect(await advanceRollouts(later(r.stepStartedAt, 61))).toMatchObject({ passed: 1 });
    r = await getRollout(f.rolloutId);
    expect(r).toMatchObject({ state: "running", stepIndex: 1, trafficPercent: 50 });
    expect(r.verdicts[0]).toMatchObject({ step: 0, outcome: "pass" });
    expect(r.verdicts[0].checks.find((c) => c.name === "latency")!.canary.n).toBe(400);

    await traffic(f.stableId, new Date(r.stepStartedAt), 300, 100, 0.01);
    await traffic(f.canaryId, new Date(r.stepStartedAt), 300, 98, 0.01);
    expect(await advanceRollouts(later(r.stepStartedAt, 61))).toMatchObject({ completed: 1 });
    r = await getRollout(f.rolloutId);
    expect(r.state).toBe("succeeded");
    expect(await getDeployment(f.canaryId)).toMatchObject({
      status: "active",
      canary: false,
      trafficPercent: 100,
    });
    expect((await getDeployment(f.stableId)).status).toBe("superseded");
    const v2 = await db.modelVersion.findFirstOrThrow({
      where: { modelId: f.modelId, version: 2 },
    });
    expect(v2.stage).toBe("production");
  });

  it("a slow canary is rolled back by itself, with a critical alert and rollout.failed", async () => {
    const f = await startCanaryRollout();
    const r = await getRollout(f.rolloutId);
    await traffic(f.stableId, new Date(r.stepStartedAt), 400, 100, 0.01);
    await traffic(f.canaryId, new Date(r.stepStartedAt), 400, 180, 0.01);
    expect(await advanceRollouts(later(r.stepStartedAt, 61))).toMatchObject({ failed: 1 });
    const after = await getRollout(f.rolloutId);
    expect(after.state).toBe("rolled_back");
    expect(after.verdicts[0].outcome).toBe("fail");
    const latency = after.verdicts[0].checks.find((c) => c.name === "latency")!;
    expect(latency).toMatchObject({ outcome: "fail" });
    expect(latency.pValue!).toBeLessThan(0.05);
    expect(await getDeployment(f.canaryId)).toMatchObject({
      status: "rolled_back",
      trafficPercent: 0,
    });
    expect(await getDeployment(f.stableId)).toMatchObject({
      status: "active",
      trafficPercent: 100,
    });
    const alert = await db.alert.findFirstOrThrow({ where: { deploymentId: f.canaryId } });
    expect(alert).toMatchObject({ severity: "critical", state: "firing" });
    // It reads like any alert, through the API's own response schema.
    const shown = alertSchema.parse(await getAlert(alert.id));
    expect(shown.rule).toMatchObject({ kind: "rollout", name: expect.stringContaining("Canary") });
    // No rule raised it, so none was deleted; it names its rollout, whose page has the verdict.
    expect(shown).toMatchObject({ ruleId: null, ruleDeleted: false, rolloutId: f.rolloutId });
    expect(
      await db.domainEvent.count({ where: { subjectId: f.rolloutId, type: "rollout.failed" } }),
    ).toBe(1);
    // A second run finds nothing due.
    expect(await advanceRollouts(later(r.stepStartedAt, 120))).toEqual({});
  });

  it("a server that pushes only its own latency series is judged on it", async () => {
    const f = await startCanaryRollout();
    const r = await getRollout(f.rolloutId);
    const series = (deploymentId: string, median: number) =>
      Array.from({ length: 300 }, (_, i) => ({
        deploymentId,
        name: "latency_ms",
        ts: Date.parse(r.stepStartedAt) + i * 10,
        value: median * (0.7 + (0.6 * ((i * 7919) % 300)) / 300),
      }));
    await transaction((c) =>
      writePoints(c, [...series(f.stableId, 50), ...series(f.canaryId, 95)]),
    );
    expect(await advanceRollouts(later(r.stepStartedAt, 61))).toMatchObject({ failed: 1 });
    const [verdict] = (await getRollout(f.rolloutId)).verdicts;
    expect(verdict.checks.find((c) => c.name === "latency")).toMatchObject({
      outcome: "fail",
      canary: { n: 300 },
    });
    expect(verdict.checks.find((c) => c.name === "error_rate")!.outcome).toBe("skipped");
  });

  it("too few samples waits one step length, then fails safe", async () => {
    const f = await startCanaryRollout();
    const r = await getRollout(f.rolloutId);
    await traffic(f.stableId, new Date(r.stepStartedAt), 10, 100, 0);
    await traffic(f.canaryId, new Date(r.stepStartedAt), 10, 100, 0);
    expect(await advanceRollouts(later(r.stepStartedAt, 61))).toMatchObject({ extended: 1 });
    const waiting = await getRollout(f.rolloutId);
    expect(waiting).toMatchObject({ state: "running", stepIndex: 0, extended: true });
    expect(await advanceRollouts(later(r.stepStartedAt, 100))).toEqual({});
    expect(await advanceRollouts(later(r.stepStartedAt, 125))).toMatchObject({ failed: 1 });
    expect((await getRollout(f.rolloutId)).state).toBe("rolled_back");
  });

  it("an approver pauses, resumes and promotes; an editor may not steer production", async () => {
    const f = await startCanaryRollout();
    expect((await refusal(actOnRollout(f.editor, f.rolloutId, "pause"))).status).toBe(403);
    const paused = await actOnRollout(f.approver, f.rolloutId, "pause", "looking at logs");
    expect(paused).toMatchObject({ state: "paused", stepEndsAt: null });
    // A paused rollout is not analysed, however late.
    expect(await advanceRollouts(later(paused.stepStartedAt, 3600))).toEqual({});
    expect((await refusal(actOnRollout(f.approver, f.rolloutId, "pause"))).status).toBe(409);
    const resumed = await actOnRollout(f.approver, f.rolloutId, "resume");
    expect(resumed.state).toBe("running");
    expect(Date.parse(resumed.stepEndsAt!)).toBeGreaterThan(Date.now() + 50_000);
    const promoted = await actOnRollout(f.approver, f.rolloutId, "promote", "looks fine");
    expect(promoted.state).toBe("succeeded");
    expect(await getDeployment(f.canaryId)).toMatchObject({ canary: false, trafficPercent: 100 });
    const audit = await db.auditEvent.findMany({
      where: { entityType: "rollout", entityId: f.rolloutId },
      orderBy: { id: "asc" },
      select: { action: true },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "rollout.start",
      "rollout.pause",
      "rollout.resume",
      "rollout.complete",
    ]);
    expect((await refusal(actOnRollout(f.approver, f.rolloutId, "abort"))).status).toBe(409);
  });

  it("abort rolls the canary back; a plain rollback of either deployment is refused meanwhile", async () => {
    const f = await startCanaryRollout();
    expect((await refusal(rollback(f.approver, f.canaryId, "no"))).status).toBe(409);
    expect((await refusal(rollback(f.approver, f.stableId, "no"))).status).toBe(409);
    const aborted = await actOnRollout(f.approver, f.rolloutId, "abort", "wrong build");
    expect(aborted).toMatchObject({ state: "aborted" });
    expect(aborted.endReason).toContain("wrong build");
    expect((await getDeployment(f.canaryId)).status).toBe("rolled_back");
    expect(await getDeployment(f.stableId)).toMatchObject({
      status: "active",
      trafficPercent: 100,
    });
    // Manual aborts raise no alert.
    expect(await db.alert.count({ where: { deploymentId: f.canaryId } })).toBe(0);
  });

  it("a canary needs something to compare with, and one rollout holds an endpoint", async () => {
    const fixture = await promotableVersion();
    const target = await makeTarget("staging", 0);
    const none = await refusal(
      requestPromotion(fixture.editor, fixture.slug, 1, {
        target: target.slug,
        reason: "first",
        rollout: canary(),
      }),
    );
    expect(none.status).toBe(422);

    const f = await startCanaryRollout();
    const v3 = await registerVersion(actorOf(f.editor), f.slug, {
      artifactUri: `s3://models/${f.slug}/3/model.onnx`,
      evalMetrics: { accuracy: 0.97 },
    });
    await waiveGatedItems(v3.id);
    const held = await refusal(
      requestPromotion(f.editor, f.slug, 3, { target: f.target.slug, reason: "v3" }),
    );
    expect(held.status).toBe(409);
  });
});
