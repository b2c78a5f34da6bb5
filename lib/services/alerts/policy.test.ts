import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Principal } from "@/lib/permissions";
import {
  approveAsShown,
  makeTarget,
  makeUser,
  promotableVersion,
  refusal,
} from "@/lib/testing/fixtures";
import { writePoints } from "@/lib/timeseries/store";
import { transaction } from "@/lib/pg";
import { actorOf } from "../audit";
import { PREDICTION_SERIES } from "../ingest";
import { putRequirements } from "../models";
import { evaluate } from "../promotions/gates";
import { getPromotion, requestPromotion } from "../promotions/requests";
import { evaluateAlerts } from "./evaluate";
import { createRule, deleteRule } from "./rules";
import { actOnAlert, getAlert, listAlerts } from "./workflow";

// A critical alert blocks promotions until it is really over: acknowledging or silencing it
// does not open the gate, only approvers may resolve or silence it, silences end, its rule
// cannot be deleted under it, and pending requests follow every change.

// Evaluations here run at moments a quarter of an hour ago, with points from then: other test
// files evaluate every rule at moments around now, and neither should move the other's alerts.
const past = () => Date.now() - 15 * 60_000;

const push = (deploymentId: string, name: string, at: number, values: number[]) =>
  transaction((c) =>
    writePoints(
      c,
      values.map((value, i) => ({ deploymentId, name, ts: new Date(at - i * 1000), value })),
    ),
  );

/** Where an alert's endpoint is, as gate reasons name it. */
const targetOf = async (deploymentId: string) =>
  (
    await db.deployment.findUniqueOrThrow({
      where: { id: deploymentId },
      select: { target: { select: { slug: true } } },
    })
  ).target.slug;

async function activeDeployment() {
  const fixture = await promotableVersion();
  const target = await makeTarget("staging", 0);
  const d = await db.deployment.create({
    data: {
      modelId: fixture.modelId,
      versionId: fixture.versionId,
      targetId: target.id,
      status: "active",
      activatedAt: new Date(),
    },
  });
  return { ...fixture, deploymentId: d.id };
}

/** A rule on one deployment whose condition holds from `t0` on (max of a metric above 100). */
async function breachedRule(
  editor: Principal,
  deploymentId: string,
  t0: number,
  over: { severity?: "critical" | "warning"; forSeconds?: number } = {},
) {
  const metric = `m_${Math.random().toString(36).slice(2, 10)}`;
  const rule = await createRule(actorOf(editor), {
    name: `queue depth ${metric}`,
    scope: { deploymentId },
    kind: "metric",
    metric,
    aggregation: "max",
    comparator: ">",
    threshold: 100,
    windowSeconds: 60,
    forSeconds: over.forSeconds ?? 0,
    severity: over.severity ?? "critical",
    enabled: true,
  });
  await push(deploymentId, metric, t0, [150, 120]);
  return { rule, metric };
}

async function firingAlert(
  editor: Principal,
  deploymentId: string,
  severity: "critical" | "warning" = "critical",
) {
  const t0 = past();
  const { rule, metric } = await breachedRule(editor, deploymentId, t0, { severity });
  await evaluateAlerts(new Date(t0 + 1000));
  const alert = await db.alert.findFirstOrThrow({ where: { ruleId: rule.id } });
  expect(alert.state).toBe("firing");
  return { alert, rule, metric, t0 };
}

async function alertGate(versionId: string) {
  const target = await makeTarget("production", 1);
  const { gates } = await evaluate(versionId, target);
  return gates.find((g) => g.name === "no_critical_alerts")!;
}

describe("critical alerts and the promotion gate (PostgreSQL)", () => {
  it("an acknowledged or silenced critical alert still blocks, and the gate says in which state", async () => {
    const { editor, versionId, deploymentId } = await activeDeployment();
    const approver = await makeUser("approver");
    const { alert, rule, metric, t0 } = await firingAlert(editor, deploymentId);

    await actOnAlert(editor, alert.id, "acknowledge", { comment: "on it" });
    let gate = await alertGate(versionId);
    expect(gate.passed).toBe(false);
    expect(gate.reasons).toEqual([
      `“${rule.name}” is acknowledged on ${await targetOf(deploymentId)}`,
    ]);

    // The condition still holds: the acknowledged alert stays open.
    await push(deploymentId, metric, t0 + 30_000, [140]);
    await evaluateAlerts(new Date(t0 + 31_000));
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe(
      "acknowledged",
    );

    await actOnAlert(approver, alert.id, "silence", {
      until: new Date(Date.now() + 3_600_000).toISOString(),
    });
    gate = await alertGate(versionId);
    expect(gate.passed).toBe(false);
    expect(gate.reasons[0]).toContain("is acknowledged and silenced until");
  });

  it("resolving or silencing a critical alert needs an approver; silences last at most ALERT_MAX_SILENCE_HOURS; warnings keep today's rules", async () => {
    const { editor, deploymentId } = await activeDeployment();
    const approver = await makeUser("approver");
    const { alert } = await firingAlert(editor, deploymentId);
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();

    expect((await refusal(actOnAlert(editor, alert.id, "resolve", {}))).status).toBe(403);
    expect(
      (await refusal(actOnAlert(editor, alert.id, "silence", { until: inAnHour }))).status,
    ).toBe(403);
    expect(await actOnAlert(editor, alert.id, "acknowledge", {})).toMatchObject({
      state: "acknowledged",
    });

    const tooLong = await refusal(
      actOnAlert(approver, alert.id, "silence", {
        until: new Date(Date.now() + 25 * 3_600_000).toISOString(),
      }),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.options.errors).toEqual([
      { path: "until", message: "must be at most 24 hours from now" },
    ]);
    expect(await actOnAlert(approver, alert.id, "silence", { until: inAnHour })).toMatchObject({
      silencedUntil: inAnHour,
    });
    expect(
      await actOnAlert(approver, alert.id, "resolve", { comment: "fixed upstream" }),
    ).toMatchObject({ state: "resolved" });
    expect(
      await db.auditEvent.count({
        where: {
          entityId: alert.id,
          action: { in: ["alert.acknowledge", "alert.silence", "alert.resolve"] },
        },
      }),
    ).toBe(3);

    const warning = await firingAlert(editor, deploymentId, "warning");
    expect(
      await actOnAlert(editor, warning.alert.id, "silence", { until: inAnHour }),
    ).toMatchObject({ state: "firing" });
    expect(await actOnAlert(editor, warning.alert.id, "resolve", {})).toMatchObject({
      state: "resolved",
    });
  });

  it("the evaluator keeps an alert acknowledged while pending, fires it when its time is up and resolves it when the condition clears", async () => {
    const { editor, versionId, deploymentId } = await activeDeployment();
    const t0 = past();
    const { rule, metric } = await breachedRule(editor, deploymentId, t0, { forSeconds: 30 });
    await evaluateAlerts(new Date(t0 + 1000));
    const pending = await db.alert.findFirstOrThrow({ where: { ruleId: rule.id } });
    expect(pending.state).toBe("pending");
    expect((await alertGate(versionId)).reasons).toEqual([
      `“${rule.name}” is pending on ${await targetOf(deploymentId)}`,
    ]);

    await actOnAlert(editor, pending.id, "acknowledge", {});
    await push(deploymentId, metric, t0 + 31_000, [130]);
    await evaluateAlerts(new Date(t0 + 32_000));
    const held = await db.alert.findUniqueOrThrow({ where: { id: pending.id } });
    expect(held).toMatchObject({ state: "acknowledged", value: 150 });
    expect(held.firedAt).not.toBeNull();
    expect(
      await db.domainEvent.count({ where: { type: "alert.firing", subjectId: pending.id } }),
    ).toBe(1);
    expect((await alertGate(versionId)).passed).toBe(false);

    await push(deploymentId, metric, t0 + 200_000, [20, 30]);
    await evaluateAlerts(new Date(t0 + 201_000));
    expect((await db.alert.findUniqueOrThrow({ where: { id: pending.id } })).state).toBe(
      "resolved",
    );
    expect(
      await db.domainEvent.count({ where: { type: "alert.resolved", subjectId: pending.id } }),
    ).toBe(1);
    expect((await alertGate(versionId)).passed).toBe(true);
  });

  it("re-pins pending requests when a critical alert opens and when it is resolved", async () => {
    const { editor, slug, versionId, deploymentId } = await activeDeployment();
    const prod = await makeTarget("production", 2);
    const [approver, admin] = [await makeUser("approver"), await makeUser("admin")];
    const req = await requestPromotion(editor, slug, 1, { target: prod.slug, reason: "ship" });
    expect(await approveAsShown(approver, req.id)).toMatchObject({ validApprovals: 1 });

    const { alert, rule } = await firingAlert(editor, deploymentId);
    let p = await getPromotion(req.id);
    expect(p.validApprovals).toBe(0);
    expect(p.invalidatedReason).toContain("no_critical_alerts");
    expect(p.gates.find((g) => g.name === "no_critical_alerts")).toMatchObject({
      passed: false,
      reasons: [`“${rule.name}” is firing on ${await targetOf(deploymentId)}`],
    });
    expect((await refusal(approveAsShown(admin, req.id))).code).toBe("gate_failed");

    await actOnAlert(admin, alert.id, "resolve", {});
    p = await getPromotion(req.id);
    expect(p.gates.find((g) => g.name === "no_critical_alerts")).toMatchObject({ passed: true });
    expect((await evaluate(versionId, prod)).gates.every((g) => g.passed || !g.blocking)).toBe(
      true,
    );
  });
});

describe("alert rules keep their alerts (PostgreSQL)", () => {
  it("a rule with an open critical alert cannot be deleted; once resolved it can, and the alert outlives it", async () => {
    const { editor, deploymentId } = await activeDeployment();
    const approver = await makeUser("approver");
    const { alert, rule } = await firingAlert(editor, deploymentId);

    const err = await refusal(deleteRule(actorOf(editor), rule.id));
    expect(err.status).toBe(409);
    expect(err.message).toContain(alert.id);
    expect(await db.alert.count({ where: { id: alert.id } })).toBe(1);

    await actOnAlert(approver, alert.id, "resolve", {});
    await deleteRule(actorOf(editor), rule.id);
    expect(await db.alertRule.count({ where: { id: rule.id } })).toBe(0);
    // History is kept: the alert stays, reading its rule from the snapshot taken when it opened.
    const kept = await getAlert(alert.id);
    expect(kept).toMatchObject({
      id: alert.id,
      state: "resolved",
      ruleId: null,
      ruleDeleted: true,
    });
    expect(kept.rule).toEqual({
      name: rule.name,
      kind: "metric",
      metric: rule.metric,
      comparator: ">",
      threshold: 100,
      aggregation: "max",
      windowSeconds: 60,
    });
    const trail = await db.auditEvent.findFirstOrThrow({
      where: { entityId: rule.id, action: "alert_rule.delete" },
    });
    expect(trail.before).toMatchObject({ id: rule.id, name: rule.name });
  });

  it("deleting a rule whose open alerts are all warnings resolves them with a reason, audited", async () => {
    const { editor, deploymentId } = await activeDeployment();
    const { alert, rule } = await firingAlert(editor, deploymentId, "warning");

    await deleteRule(actorOf(editor), rule.id);
    expect(await db.alertRule.count({ where: { id: rule.id } })).toBe(0);
    const after = await getAlert(alert.id);
    expect(after).toMatchObject({
      state: "resolved",
      ruleId: null,
      ruleDeleted: true,
      comment: `its rule “${rule.name}” was deleted`,
    });
    expect(after.rule.name).toBe(rule.name);
    expect(after.resolvedAt).not.toBeNull();
    const trail = await db.auditEvent.findFirstOrThrow({
      where: { entityId: alert.id, action: "alert.resolve" },
    });
    expect(trail.after).toMatchObject({ state: "resolved", reason: "rule deleted" });
    expect(
      await db.domainEvent.count({ where: { type: "alert.resolved", subjectId: alert.id } }),
    ).toBe(1);
    // The alerts list still shows it among resolved alerts.
    expect(
      (await listAlerts({ state: "resolved", deploymentId, limit: 10 })).items.map((a) => a.id),
    ).toContain(alert.id);
  });

  it("removing a requirement keeps its derived rule, disabled, while the rule's alert is open", async () => {
    const { editor, slug, versionId, deploymentId } = await activeDeployment();
    const actor = actorOf(editor);
    const base = {
      minMetricName: "accuracy",
      minMetricValue: 0.9,
      memoryMb: 512,
      dataSensitivity: "internal" as const,
    };
    await putRequirements(actor, slug, { ...base, maxErrorRate: 0.05 });
    const derived = await db.alertRule.findFirstOrThrow({
      where: { model: { slug }, derived: true, metric: PREDICTION_SERIES.error },
    });
    expect(derived.severity).toBe("critical");

    // Errors on every call: the derived rule fires after its 300 s.
    const t0 = past();
    await push(deploymentId, PREDICTION_SERIES.error, t0, [1, 1, 1]);
    await evaluateAlerts(new Date(t0 + 1000));
    await evaluateAlerts(new Date(t0 + 302_000));
    const alert = await db.alert.findFirstOrThrow({ where: { ruleId: derived.id } });
    expect(alert.state).toBe("firing");

    await putRequirements(actor, slug, base);
    const kept = await db.alertRule.findUniqueOrThrow({ where: { id: derived.id } });
    expect(kept).toMatchObject({ enabled: false, derived: true });
    expect(kept.name).toContain("requirement removed");
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe("firing");
    expect((await alertGate(versionId)).passed).toBe(false);

    // Set again, the same rule comes back to life, its alert untouched.
    await putRequirements(actor, slug, { ...base, maxErrorRate: 0.05 });
    expect(await db.alertRule.findUniqueOrThrow({ where: { id: derived.id } })).toMatchObject({
      enabled: true,
      name: "error rate above 5 %",
    });
    await putRequirements(actor, slug, base);

    // The disabled rule still resolves its alert when the errors stop...
    await push(
      deploymentId,
      PREDICTION_SERIES.error,
      t0 + 400_000,
      Array.from({ length: 100 }, () => 0),
    );
    await evaluateAlerts(new Date(t0 + 401_000));
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe("resolved");
    expect(
      await db.alert.count({ where: { ruleId: derived.id, state: { not: "resolved" } } }),
    ).toBe(0);

    // ...and the next change of the requirements removes it; its alert stays, with the snapshot.
    await putRequirements(actor, slug, { ...base, notes: "errors gone" });
    expect(await db.alertRule.count({ where: { id: derived.id } })).toBe(0);
    expect(await getAlert(alert.id)).toMatchObject({
      ruleId: null,
      ruleDeleted: true,
      state: "resolved",
      rule: { name: "error rate above 5 %", comparator: ">", threshold: 0.05 },
    });
  });
});
