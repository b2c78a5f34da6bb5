import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Gate } from "@/lib/schemas/promotions";
import {
  approveAsShown,
  makeTarget,
  makeUser,
  promotableVersion,
  refusal,
  waiveGatedItems,
} from "@/lib/testing/fixtures";
import { actorOf } from "./audit";
import { getDeployment, rollback } from "./deployments";
import { putRequirements } from "./models";
import { requestPromotion } from "./promotions/requests";
import { registerVersion } from "./versions";

// A rollback follows the policy: the version it restores must pass the blocking gates for
// the target, or an admin overrides them explicitly, on the record.

const requirements = (minAccuracy: number) => ({
  minMetricName: "accuracy",
  minMetricValue: minAccuracy,
  memoryMb: 512,
  dataSensitivity: "internal" as const,
});

/** v1 (accuracy 0.95) then v2 (0.97) promoted to a production target: v2 runs, v1 before it. */
async function twoVersionsInProduction() {
  const fixture = await promotableVersion();
  const { editor, slug } = fixture;
  const target = await makeTarget("production", 1);
  const approver = await makeUser("approver");
  const ship = async (n: number) =>
    (
      await approveAsShown(
        approver,
        (await requestPromotion(editor, slug, n, { target: target.slug, reason: `v${n}` })).id,
      )
    ).deploymentId!;
  const d1 = await ship(1);
  const v2 = await registerVersion(actorOf(editor), slug, {
    artifactUri: `s3://models/${slug}/2/model.onnx`,
    evalMetrics: { accuracy: 0.97 },
  });
  await waiveGatedItems(v2.id);
  const d2 = await ship(2);
  return { ...fixture, target, approver, d1, d2, ship };
}

async function criticalAlertOn(
  deploymentId: string,
  state: "firing" | "acknowledged" = "firing",
  onTarget?: string,
) {
  const rule = await db.alertRule.create({
    data: {
      name: `errors ${deploymentId.slice(-6)}`,
      deploymentId,
      kind: "metric",
      metric: "errors",
      threshold: 1,
      severity: "critical",
    },
  });
  const d = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
  const { modelId } = d;
  const targetId = onTarget ?? d.targetId;
  return db.alert.create({
    data: {
      ...{ ruleId: rule.id, deploymentId, modelId, targetId },
      ...{ state, severity: "critical" as const, firedAt: new Date() },
    },
  });
}

const failedNames = (gates: Gate[]) =>
  gates.filter((g) => g.blocking && !g.passed).map((g) => g.name);

describe("rollback under the approval policy (PostgreSQL)", () => {
  it("refuses to restore a version that no longer meets the requirements, listing the failed gates", async () => {
    const { editor, slug, approver, d2 } = await twoVersionsInProduction();
    await putRequirements(actorOf(editor), slug, requirements(0.96)); // v1's 0.95 no longer passes

    const err = await refusal(rollback(approver, d2, "latency regression"));
    expect(err).toMatchObject({ code: "gate_failed", status: 422 });
    const gates = err.options.extra!.gates as Gate[];
    expect(failedNames(gates)).toEqual(["eval_metrics"]);
    expect(gates.find((g) => g.name === "eval_metrics")!.reasons).toEqual([
      "accuracy is 0.95; needs >= 0.96",
    ]);
    expect(await getDeployment(d2)).toMatchObject({ status: "active", version: 2 });
  });

  it("a critical alert on the endpoint rolled back does not hold the rollback up; one on another endpoint of the model does", async () => {
    const { approver, d1, d2 } = await twoVersionsInProduction();
    await criticalAlertOn(d2); // why one rolls back
    await criticalAlertOn(d1, "acknowledged"); // the same endpoint, opened while v1 ran
    const canary = await makeTarget("production", 1);
    const earlier = await criticalAlertOn(d1, "acknowledged", canary.id); // v1's trouble elsewhere

    const err = await refusal(rollback(approver, d2, "error rate doubled"));
    expect(err.code).toBe("gate_failed");
    const gate = (err.options.extra!.gates as Gate[]).find((g) => g.name === "no_critical_alerts")!;
    expect(gate).toMatchObject({
      passed: false,
      reasons: [`“errors ${d1.slice(-6)}” is acknowledged on ${canary.slug}`],
    });

    await db.alert.update({
      where: { id: earlier.id },
      data: { state: "resolved", resolvedAt: new Date() },
    });
    const restored = await rollback(approver, d2, "error rate doubled");
    expect(restored).toMatchObject({
      status: "active",
      version: 1,
      emergency: false,
      emergencyGates: null,
    });
  });

  it("an emergency rollback overrides failed gates: admins only, with a reason, on the record until a normal promotion replaces it", async () => {
    const { editor, slug, approver, d2, ship } = await twoVersionsInProduction();
    await putRequirements(actorOf(editor), slug, requirements(0.96));
    const admin = await makeUser("admin");

    expect(
      (
        await refusal(
          rollback(approver, d2, "p95 latency tripled since v2 shipped", { emergency: true }),
        )
      ).status,
    ).toBe(403);
    const short = await refusal(rollback(admin, d2, "too short", { emergency: true }));
    expect(short.status).toBe(400);
    expect(short.options.errors).toEqual([
      { path: "reason", message: "an emergency rollback needs a reason of at least 20 characters" },
    ]);

    const restored = await rollback(admin, d2, "p95 latency tripled since v2 shipped", {
      emergency: true,
    });
    expect(restored).toMatchObject({ status: "active", version: 1, emergency: true });
    expect(failedNames(restored.emergencyGates!)).toEqual(["eval_metrics"]);
    expect(await getDeployment(restored.id)).toMatchObject({ emergency: true });

    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityId: d2, action: "deployment.rollback" },
    });
    expect(audit.after).toMatchObject({
      emergency: true,
      reason: "p95 latency tripled since v2 shipped",
      failedGates: [{ name: "eval_metrics", passed: false }],
    });
    const event = await db.domainEvent.findFirstOrThrow({
      where: { type: "deployment.emergency_rollback", subjectId: restored.id },
    });
    expect(event.data).toMatchObject({
      rolledBackId: d2,
      by: admin.user.email,
      failedGates: [{ name: "eval_metrics" }],
    });

    // A version that meets the policy, promoted normally, replaces it: the warning goes with it.
    const v3 = await registerVersion(actorOf(editor), slug, {
      artifactUri: `s3://models/${slug}/3/model.onnx`,
      evalMetrics: { accuracy: 0.98 },
    });
    await waiveGatedItems(v3.id);
    const d3 = await ship(3);
    expect(await getDeployment(d3)).toMatchObject({ status: "active", emergency: false });
    expect(await getDeployment(restored.id)).toMatchObject({
      status: "superseded",
      emergency: true,
    });
  });

  it("an emergency flag is not needed when the gates pass: the rollback is an ordinary one", async () => {
    const { d2 } = await twoVersionsInProduction();
    const admin = await makeUser("admin");
    const restored = await rollback(admin, d2, "rolling back to be safe tonight", {
      emergency: true,
    });
    expect(restored).toMatchObject({ version: 1, emergency: false, emergencyGates: null });
    expect(
      await db.domainEvent.count({
        where: { type: "deployment.emergency_rollback", subjectId: restored.id },
      }),
    ).toBe(0);
  });
});
