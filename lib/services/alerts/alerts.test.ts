import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { parseAllowList } from "@/lib/net/address";
import { transaction } from "@/lib/pg";
import { makeTarget, makeUser, promotableVersion } from "@/lib/testing/fixtures";
import { writePoints } from "@/lib/timeseries/store";
import { actorOf } from "../audit";
import { registerVersion } from "../versions";
import { createWebhook, deliverDue, dispatchEvents } from "../webhooks";
import { evaluateAlerts, judgeMetric } from "./evaluate";
import { createRule } from "./rules";
import { actOnAlert } from "./workflow";

async function deployment() {
  const { versionId, modelId, slug } = await promotableVersion();
  const target = await makeTarget("staging", 0);
  const d = await db.deployment.create({
    data: { modelId, versionId, targetId: target.id, status: "active", activatedAt: new Date() },
  });
  return { ...d, slug };
}

const push = (deploymentId: string, name: string, at: number, values: number[]) =>
  transaction((c) =>
    writePoints(
      c,
      values.map((value, i) => ({ deploymentId, name, ts: new Date(at - i * 1000), value })),
    ),
  );

describe("alert rules (pure)", () => {
  it("judges aggregates, rates and missing data", () => {
    const agg = { n: 60, avg: 50, max: 300, min: 10, sum: 3000, p95: 180 };
    const rule = {
      kind: "metric" as const,
      aggregation: "p95" as const,
      comparator: "gt" as const,
      threshold: 150,
      windowSeconds: 60,
    };
    expect(judgeMetric(rule, agg)).toEqual({ value: 180, breached: true });
    expect(
      judgeMetric({ ...rule, aggregation: "rate", comparator: "lt", threshold: 2 }, agg),
    ).toEqual({ value: 1, breached: true });
    expect(judgeMetric({ ...rule, aggregation: "avg" }, agg)).toEqual({
      value: 50,
      breached: false,
    });
    expect(
      judgeMetric(rule, { n: 0, avg: null, max: null, min: null, sum: null, p95: null }),
    ).toEqual({ value: null, breached: false });
    expect(
      judgeMetric(
        { ...rule, kind: "no_data" },
        { n: 0, avg: null, max: null, min: null, sum: null, p95: null },
      ),
    ).toEqual({ value: 0, breached: true });
  });
});

describe("alert evaluation (PostgreSQL)", () => {
  it("fires after the pending duration, resolves when the data recovers; concurrent evaluators make one alert", async () => {
    const d = await deployment();
    const editor = await makeUser("editor");
    const metric = `q_${d.id.slice(-6)}`;
    const rule = await createRule(actorOf(editor), {
      name: "queue depth",
      scope: { deploymentId: d.id },
      kind: "metric",
      metric,
      aggregation: "max",
      comparator: ">",
      threshold: 100,
      windowSeconds: 60,
      forSeconds: 30,
      severity: "critical",
      enabled: true,
    });
    const t0 = Date.now();
    await push(d.id, metric, t0, [150, 120, 90]);

    // Two instances evaluating at the same moment: one pending alert.
    await Promise.all([evaluateAlerts(new Date(t0 + 1000)), evaluateAlerts(new Date(t0 + 1000))]);
    let alerts = await db.alert.findMany({ where: { ruleId: rule.id } });
    expect(alerts.map((a) => a.state)).toEqual(["pending"]);

    // Still breached once the pending duration passed: it fires (once, even when evaluated twice).
    await push(d.id, metric, t0 + 31_000, [130]);
    await Promise.all([
      evaluateAlerts(new Date(t0 + 32_000)),
      evaluateAlerts(new Date(t0 + 32_000)),
    ]);
    alerts = await db.alert.findMany({ where: { ruleId: rule.id } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: "firing", severity: "critical", value: 150 });
    expect(
      await db.domainEvent.count({ where: { type: "alert.firing", subjectId: alerts[0].id } }),
    ).toBe(1);

    // The promotion gate sees it.
    const { evaluate } = await import("../promotions/gates");
    const target = await makeTarget("production", 1);
    const { gates } = await evaluate(d.versionId, target);
    expect(gates.find((g) => g.name === "no_critical_alerts")).toMatchObject({ passed: false });

    // Acknowledged, then the data recovers: resolved automatically.
    await actOnAlert(editor, alerts[0].id, "acknowledge", { comment: "looking" });
    await push(d.id, metric, t0 + 200_000, [20, 30]);
    await evaluateAlerts(new Date(t0 + 201_000));
    const resolved = await db.alert.findUniqueOrThrow({ where: { id: alerts[0].id } });
    expect(resolved.state).toBe("resolved");
    expect(
      await db.domainEvent.count({ where: { type: "alert.resolved", subjectId: alerts[0].id } }),
    ).toBe(1);
    expect(
      await db.auditEvent.count({ where: { entityId: alerts[0].id, action: "alert.acknowledge" } }),
    ).toBe(1);
  });

  it("fires on missing data and derives rules from the requirements", async () => {
    const d = await deployment();
    const editor = await makeUser("editor");
    const metric = `hb_${d.id.slice(-6)}`;
    await createRule(actorOf(editor), {
      name: "heartbeat",
      scope: { deploymentId: d.id },
      kind: "no_data",
      metric,
      aggregation: "avg",
      comparator: ">",
      windowSeconds: 60,
      forSeconds: 0,
      severity: "info",
      enabled: true,
    });
    await evaluateAlerts();
    expect(
      await db.alert.count({
        where: { deploymentId: d.id, state: "firing", rule: { kind: "no_data" } },
      }),
    ).toBe(1);
    const derived = await db.alertRule.findMany({
      where: { model: { slug: d.slug }, derived: true },
    });
    // promotableVersion sets a minimum accuracy of 0.9: an accuracy rule follows.
    expect(derived.map((r) => [r.metric, r.comparator, r.threshold])).toEqual([
      ["accuracy", "lt", 0.9],
    ]);
  });
});

describe("webhooks (real HTTP receiver)", () => {
  it("delivers a signed event, retrying after a 500", async () => {
    const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
    let failNext = true;
    const marker = `wh-${Date.now()}`;
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const mine = body.includes(marker);
        if (mine) received.push({ headers: req.headers, body });
        if (mine && failNext) {
          failNext = false;
          res.writeHead(500).end("try again");
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const admin = await makeUser("admin");
      const hook = await createWebhook(actorOf(admin), {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        events: ["version.registered"],
      });
      const { slug, editor } = await promotableVersion();
      await registerVersion(actorOf(editor), slug, {
        artifactUri: `s3://models/${slug}/${marker}/model.onnx`,
      });

      while ((await dispatchEvents()) > 0);
      // Other files register versions meanwhile, so this hook has their deliveries too (the
      // receiver counts only ours): no limit that ours could fall behind.
      const all = { webhookIds: [hook.id], limit: 100_000, allow: parseAllowList("127.0.0.1") };
      await deliverDue(all);
      expect(received).toHaveLength(1);
      const first = await db.webhookDelivery.findFirstOrThrow({
        where: {
          webhookId: hook.id,
          payload: { path: ["data", "artifactUri"], string_contains: marker },
        },
      });
      expect(first).toMatchObject({ status: "pending", attempts: 1, responseStatus: 500 });

      await deliverDue({ ...all, now: new Date(Date.now() + 15_000) }); // after the 10-s backoff
      expect(received).toHaveLength(2);
      const last = received[1];
      const expected = `sha256=${createHmac("sha256", hook.secret).update(`${last.headers["x-modelgate-timestamp"]}.${last.body}`).digest("hex")}`;
      expect(last.headers["x-modelgate-signature"]).toBe(expected);
      expect(last.headers["x-modelgate-event"]).toBe("version.registered");
      expect(JSON.parse(last.body)).toMatchObject({
        type: "version.registered",
        data: { model: slug, version: 2 },
      });
      expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject(
        { status: "succeeded", attempts: 2, responseStatus: 204 },
      );
    } finally {
      server.close();
    }
  });
});
