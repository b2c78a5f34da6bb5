import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { transaction } from "@/lib/pg";
import { makeTarget, makeUser, promotableVersion } from "@/lib/testing/fixtures";
import { writePoints } from "@/lib/timeseries/store";
import { actorOf } from "../audit";
import { registerVersion } from "../versions";
import { evaluateAlerts, ruleApplies } from "./evaluate";
import { createRule, listRules } from "./rules";
import { listAlerts } from "./workflow";

// Alerts follow the endpoint (issue 16): a release does not leave the firing alert behind on
// the replaced deployment, rules keep applying to whatever version runs, and the alert resolves
// from the new version's data.

// Evaluations run at moments half an hour ago, with points from then: other files evaluate at
// moments around now, and neither moves the other's alerts.
const base = Date.now() - 30 * 60_000;
const S = 1000;

const push = (deploymentId: string, name: string, at: number, value: number) =>
  transaction((c) => writePoints(c, [{ deploymentId, name, ts: new Date(at), value }]));

describe("rule scopes (pure)", () => {
  it("a rule applies to its model, its target, its endpoint, or everything", () => {
    const e = { modelId: "m", targetId: "t" };
    expect(ruleApplies({ modelId: null, targetId: null }, e)).toBe(true);
    expect(ruleApplies({ modelId: "m", targetId: null }, e)).toBe(true);
    expect(ruleApplies({ modelId: null, targetId: "t" }, e)).toBe(true);
    expect(ruleApplies({ modelId: "m", targetId: "t" }, e)).toBe(true);
    expect(ruleApplies({ modelId: "m", targetId: "u" }, e)).toBe(false);
    expect(ruleApplies({ modelId: "n", targetId: null }, e)).toBe(false);
  });
});

describe("alerts across a release (PostgreSQL)", () => {
  it("the firing alert stays open on the endpoint through a release and resolves from the new version's data", async () => {
    const v = await promotableVersion();
    const editor = await makeUser("editor");
    const target = await makeTarget("production", 0);
    const v2 = await registerVersion(actorOf(editor), v.slug, { artifactUri: "s3://m/2" });
    const metric = `q_${v.modelId.slice(-6)}`;
    const d1 = await db.deployment.create({
      data: {
        ...{ modelId: v.modelId, versionId: v.versionId, targetId: target.id },
        ...{ status: "active", activatedAt: new Date(base - 600 * S) },
      },
    });
    // A rule made for the deployment, the way it was before: it applies to its endpoint.
    const rule = await createRule(actorOf(editor), {
      name: "queue depth",
      scope: { deploymentId: d1.id },
      kind: "metric",
      metric,
      aggregation: "max",
      comparator: ">",
      threshold: 100,
      windowSeconds: 120,
      forSeconds: 0,
      severity: "warning",
      enabled: true,
    });
    expect(rule.scope).toEqual({ model: v.slug, target: target.slug, deploymentId: d1.id });
    expect((await listRules({ target: target.slug })).items.map((r) => r.id)).toEqual([rule.id]);

    await push(d1.id, metric, base - 30 * S, 500);
    await evaluateAlerts(new Date(base));
    const [firing] = (await listAlerts({ model: v.slug, target: target.slug, limit: 10 })).items;
    expect(firing).toMatchObject({ state: "firing", deploymentId: d1.id, target: target.slug });

    // The release: v2 replaces v1 on the endpoint.
    await db.deployment.update({
      where: { id: d1.id },
      data: { status: "superseded", endedAt: new Date(base + 10 * S) },
    });
    const d2 = await db.deployment.create({
      data: {
        ...{ modelId: v.modelId, versionId: v2.id, targetId: target.id, previousId: d1.id },
        ...{ status: "active", activatedAt: new Date(base + 10 * S) },
      },
    });
    await push(d2.id, metric, base + 60 * S, 700); // still bad after the release
    await evaluateAlerts(new Date(base + 90 * S));
    const open = (await listAlerts({ model: v.slug, target: target.slug, limit: 10 })).items;
    expect(open.map((a) => [a.id, a.state, a.value])).toEqual([[firing.id, "firing", 700]]);

    await push(d2.id, metric, base + 300 * S, 20); // v2 recovers
    await evaluateAlerts(new Date(base + 310 * S));
    const after = (await listAlerts({ model: v.slug, target: target.slug, limit: 10 })).items;
    expect(after.map((a) => [a.id, a.state])).toEqual([[firing.id, "resolved"]]);
  });

  it("a target-scoped rule watches every model on the target and nothing elsewhere", async () => {
    const editor = await makeUser("editor");
    const target = await makeTarget("staging", 0);
    const elsewhere = await makeTarget("staging", 0);
    const metric = `t_${target.id.slice(-6)}`;
    const [a, b] = [await promotableVersion(), await promotableVersion()];
    const on = async (v: typeof a, t: { id: string }) =>
      (
        await db.deployment.create({
          data: {
            ...{ modelId: v.modelId, versionId: v.versionId, targetId: t.id },
            ...{ status: "active", activatedAt: new Date(base - 600 * S) },
          },
        })
      ).id;
    const ids = [await on(a, target), await on(b, target), await on(a, elsewhere)];
    await createRule(actorOf(editor), {
      name: "target-wide",
      scope: { target: target.slug },
      kind: "metric",
      metric,
      aggregation: "max",
      comparator: ">",
      threshold: 1,
      windowSeconds: 120,
      forSeconds: 0,
      severity: "info",
      enabled: true,
    });
    for (const id of ids) await push(id, metric, base - 1000, 5);
    await evaluateAlerts(new Date(base));
    const alerts = (await listAlerts({ target: target.slug, limit: 10 })).items;
    expect(alerts.map((x) => x.model).sort()).toEqual([a.slug, b.slug].sort());
    expect((await listAlerts({ target: elsewhere.slug, limit: 10 })).items).toEqual([]);
  });

  it("lists every unknown or contradictory name in a scope", async () => {
    const editor = await makeUser("editor");
    const err = await createRule(actorOf(editor), {
      name: "bad scope",
      scope: { model: "no-such-model", target: "no-such-target" },
      kind: "no_data",
      metric: "x",
      aggregation: "avg",
      comparator: ">",
      windowSeconds: 300,
      forSeconds: 0,
      severity: "info",
      enabled: true,
    }).catch((e: { options?: { errors?: unknown } }) => e.options?.errors);
    expect(err).toEqual([
      { path: "scope.model", message: "no such model" },
      { path: "scope.target", message: "no such target" },
    ]);
  });
});
