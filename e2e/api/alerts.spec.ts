import { type APIRequestContext, expect, test } from "@playwright/test";
import type { z } from "zod";
import { alertEndpoints } from "@/lib/endpoints/alerts";
import { auditEndpoints } from "@/lib/endpoints/audit";
import { promotionEndpoints } from "@/lib/endpoints/promotions";
import type { alert } from "@/lib/schemas/alerts";
import type { gate } from "@/lib/schemas/promotions";
import { parsed, present, problemOf } from "../support/api";
import { bearer, unique } from "../support/fixtures";
import { createTarget, decide, promotable } from "../support/promotions";

// A critical alert blocks promotions until it is really over, over real HTTP: the background
// evaluator opens it, acknowledging or silencing it does not open the gate, only approvers
// resolve or silence it, silences are capped, and its rule cannot be deleted under it.

type Alert = z.infer<typeof alert>;
type Gate = z.infer<typeof gate>;

/** A model with v1 running on a zero-approval staging target; returns its deployment. */
async function running(request: APIRequestContext) {
  const slug = await promotable(request);
  const staging = await createTarget(request, "staging");
  const res = await request.post(`/api/v1/models/${slug}/versions/1/promotions`, {
    headers: bearer("editor"),
    data: { target: staging.slug, reason: "stage it" },
  });
  expect(res.status(), await res.text()).toBe(201);
  const deploymentId = present(
    (await parsed(res, promotionEndpoints.request)).deploymentId,
    "a deployment",
  );
  expect(deploymentId).toBeTruthy();
  return { slug, deploymentId };
}

/** A critical rule on the deployment and points that breach it; the evaluator (every 30 s) fires it. */
async function breach(
  request: APIRequestContext,
  deploymentId: string,
  severity: "critical" | "warning" = "critical",
) {
  const metric = unique("e2e_queue").replaceAll("-", "_");
  const rule = await request.post("/api/v1/alert-rules", {
    headers: bearer("editor"),
    data: {
      name: `queue ${metric}`,
      scope: { deploymentId },
      kind: "metric",
      metric,
      aggregation: "max",
      comparator: ">",
      threshold: 100,
      windowSeconds: 600,
      forSeconds: 0,
      severity,
    },
  });
  expect(rule.status(), await rule.text()).toBe(201);
  const now = Date.now();
  const pushed = await request.post(`/api/v1/deployments/${deploymentId}/metrics`, {
    headers: bearer("editor"),
    data: {
      points: [150, 170, 160].map((value, i) => ({
        name: metric,
        value,
        ts: new Date(now - i * 1000).toISOString(),
      })),
    },
  });
  expect(pushed.status()).toBe(202);
  return parsed(rule, alertEndpoints.createRule);
}

async function openAlert(
  request: APIRequestContext,
  deploymentId: string,
  ruleId: string,
): Promise<Alert> {
  let found: Alert | undefined;
  await expect
    .poll(
      async () => {
        const page = await parsed(
          await request.get(`/api/v1/alerts?deploymentId=${deploymentId}&state=open`, {
            headers: bearer("viewer"),
          }),
          alertEndpoints.list,
        );
        found = page.items.find((a: Alert) => a.ruleId === ruleId && a.state === "firing");
        return Boolean(found);
      },
      { timeout: 75_000, intervals: [2_000] },
    )
    .toBe(true);
  return found!;
}

async function alertGate(request: APIRequestContext, slug: string, target: string) {
  const res = await request.get(`/api/v1/models/${slug}/versions/1/gates?target=${target}`, {
    headers: bearer("viewer"),
  });
  expect(res.status()).toBe(200);
  return (await parsed(res, promotionEndpoints.gates)).gates.find(
    (g: Gate) => g.name === "no_critical_alerts",
  )!;
}

const act = (
  request: APIRequestContext,
  id: string,
  action: "acknowledge" | "resolve" | "silence",
  as: "editor" | "approver",
  data: Record<string, string> = {},
) => request.post(`/api/v1/alerts/${id}/${action}`, { headers: bearer(as), data });

test.describe("critical alerts and the approval policy", () => {
  test("POST /api/v1/alerts/{id}/acknowledge – an acknowledged critical alert still blocks; resolving and silencing need an approver; its rule cannot be deleted", async ({
    request,
  }) => {
    test.setTimeout(120_000);
    const { slug, deploymentId } = await running(request);
    const prod = await createTarget(request, "production", 2);
    const pending = await request.post(`/api/v1/models/${slug}/versions/1/promotions`, {
      headers: bearer("editor"),
      data: { target: prod.slug, reason: "ship it" },
    });
    expect(pending.status()).toBe(201);
    const promotionId = (await parsed(pending, promotionEndpoints.request)).id;
    expect((await decide(request, promotionId, "approver")).status()).toBe(200);

    const rule = await breach(request, deploymentId);
    const alert = await openAlert(request, deploymentId, rule.id);

    // The alert firing re-pinned the pending request: the approval given before stops counting.
    const repinned = await parsed(
      await request.get(`/api/v1/promotions/${promotionId}`, { headers: bearer("viewer") }),
      promotionEndpoints.get,
    );
    expect(repinned.validApprovals).toBe(0);
    expect(repinned.invalidatedReason).toContain("no_critical_alerts");

    const ack = await act(request, alert.id, "acknowledge", "editor", { comment: "looking" });
    expect(ack.status(), await ack.text()).toBe(200);
    expect((await parsed(ack, alertEndpoints.acknowledge)).state).toBe("acknowledged");
    const gate = await alertGate(request, slug, prod.slug);
    expect(gate).toMatchObject({ passed: false, blocking: true });
    expect(gate.reasons).toContain(`“${rule.name}” is acknowledged on ${alert.target}`);
    const refused = await request.post(`/api/v1/models/${slug}/versions/1/promotions`, {
      headers: bearer("editor"),
      data: { target: (await createTarget(request, "production")).slug, reason: "try anyway" },
    });
    expect(refused.status()).toBe(422);
    expect((await problemOf(refused, 422)).type).toContain("gate_failed");
    expect((await decide(request, promotionId, "admin")).status()).toBe(422);

    expect((await act(request, alert.id, "resolve", "editor")).status()).toBe(403);
    expect(
      (
        await act(request, alert.id, "silence", "editor", {
          until: new Date(Date.now() + 3_600_000).toISOString(),
        })
      ).status(),
    ).toBe(403);
    const tooLong = await act(request, alert.id, "silence", "approver", {
      until: new Date(Date.now() + 48 * 3_600_000).toISOString(),
    });
    expect(tooLong.status()).toBe(400);
    expect((await problemOf(tooLong, 400)).errors).toEqual([
      { path: "until", message: "must be at most 24 hours from now" },
    ]);
    const silenced = await act(request, alert.id, "silence", "approver", {
      until: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(silenced.status()).toBe(200);
    expect((await alertGate(request, slug, prod.slug)).reasons[0]).toContain(
      "is acknowledged and silenced until",
    );

    const del = await request.delete(`/api/v1/alert-rules/${rule.id}`, {
      headers: bearer("editor"),
    });
    expect(del.status()).toBe(409);
    expect((await problemOf(del, 409)).detail).toContain(alert.id);
    expect(
      (await request.get(`/api/v1/alerts/${alert.id}`, { headers: bearer("viewer") })).status(),
    ).toBe(200);

    const resolved = await act(request, alert.id, "resolve", "approver", {
      comment: "queue drained",
    });
    expect(resolved.status()).toBe(200);
    expect((await parsed(resolved, alertEndpoints.resolve)).state).toBe("resolved");
  });
});

test.describe("alerts outlive their rules", () => {
  test("DELETE /api/v1/alert-rules/{id} – a rule whose open alert is a warning goes; the alert is resolved with the reason and keeps the rule's name and condition", async ({
    request,
  }) => {
    test.setTimeout(120_000);
    const { deploymentId } = await running(request);
    const rule = await breach(request, deploymentId, "warning");
    const alert = await openAlert(request, deploymentId, rule.id);

    const del = await request.delete(`/api/v1/alert-rules/${rule.id}`, {
      headers: bearer("editor"),
    });
    expect(del.status(), await del.text()).toBe(204);
    const rules = await parsed(
      await request.get(`/api/v1/alert-rules?deploymentId=${deploymentId}`, {
        headers: bearer("viewer"),
      }),
      alertEndpoints.listRules,
    );
    expect(rules.items.map((r: { id: string }) => r.id)).not.toContain(rule.id);

    const res = await request.get(`/api/v1/alerts/${alert.id}`, { headers: bearer("viewer") });
    expect(res.status()).toBe(200);
    expect(await parsed(res, alertEndpoints.get)).toMatchObject({
      id: alert.id,
      state: "resolved",
      ruleId: null,
      ruleDeleted: true,
      comment: `its rule “${rule.name}” was deleted`,
      rule: {
        name: rule.name,
        kind: "metric",
        comparator: ">",
        threshold: 100,
        aggregation: "max",
        windowSeconds: 600,
      },
    });
    const audit = await parsed(
      await request.get(`/api/v1/audit?entity=alert:${alert.id}`, { headers: bearer("admin") }),
      auditEndpoints.list,
    );
    expect(audit.items.map((e: { action: string }) => e.action)).toContain("alert.resolve");
  });
});
