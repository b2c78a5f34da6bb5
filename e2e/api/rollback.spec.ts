import { type APIRequestContext, expect, test } from "@playwright/test";
import type { z } from "zod";
import { auditEndpoints } from "@/lib/endpoints/audit";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import type { gate } from "@/lib/schemas/promotions";
import { gateProblem, parsed, problemOf } from "../support/api";
import { DEMO_PASSWORD, type DemoRole, bearer } from "../support/fixtures";
import { addVersion, createTarget, promotable, ship } from "../support/promotions";
import { signedInContext } from "../support/session";

// A rollback follows the approval policy over real HTTP: the restored version must pass the
// blocking gates, or an admin rolls back anyway as an emergency, which stays on the record
// and on the pages until a normal promotion replaces it.

type Gate = z.infer<typeof gate>;

const BANNER =
  "Emergency rollback — not approved under the policy; promote a version normally to clear this";

const rollback = (
  request: APIRequestContext,
  id: string,
  as: DemoRole,
  data: Record<string, unknown>,
) => request.post(`/api/v1/deployments/${id}/rollback`, { headers: bearer(as), data });

test.describe("rollback under the approval policy", () => {
  test("POST /api/v1/deployments/{id}/rollback – refuses a version that no longer passes the gates; an admin's emergency rollback is recorded and shown until a normal promotion", async ({
    request,
    baseURL,
  }) => {
    const slug = await promotable(request, 2); // v1 accuracy 0.91, v2 0.92
    const target = await createTarget(request, "production", 1);
    await ship(request, slug, 1, target.slug);
    const d2 = await ship(request, slug, 2, target.slug);
    const put = await request.put(`/api/v1/models/${slug}/requirements`, {
      headers: bearer("editor"),
      data: { minMetricName: "accuracy", minMetricValue: 0.915, memoryMb: 1024 },
    });
    expect(put.status()).toBe(200);

    const refused = await rollback(request, d2, "approver", { reason: "p95 regression" });
    expect(refused.status()).toBe(422);
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
    const problem = await problemOf(refused, 422, gateProblem);
    expect(problem.type).toContain("gate_failed");
    // v1's accuracy misses the new bar (and the checklist item that checks it no longer holds).
    expect(problem.gates.filter((g) => g.blocking && !g.passed).map((g) => g.name)).toContain(
      "eval_metrics",
    );

    const long = "p95 latency tripled after v2 shipped; v1 was fine";
    expect(
      (await rollback(request, d2, "approver", { reason: long, emergency: true })).status(),
    ).toBe(403);
    const short = await rollback(request, d2, "admin", {
      reason: "p95 regression",
      emergency: true,
    });
    expect(short.status()).toBe(400);
    expect((await problemOf(short, 400)).errors?.map((e: { path: string }) => e.path)).toEqual([
      "reason",
    ]);
    expect(
      (
        await parsed(
          await request.get(`/api/v1/deployments/${d2}`, { headers: bearer("viewer") }),
          deploymentEndpoints.get,
        )
      ).status,
    ).toBe("active");

    const emergency = await rollback(request, d2, "admin", { reason: long, emergency: true });
    expect(emergency.status(), await emergency.text()).toBe(201);
    const restored = await parsed(emergency, deploymentEndpoints.rollback);
    expect(restored).toMatchObject({
      status: "active",
      version: 1,
      emergency: true,
      rollbackReason: long,
    });
    expect(restored.emergencyGates?.map((g: Gate) => g.name)).toContain("eval_metrics");
    expect(
      await parsed(
        await request.get(`/api/v1/deployments/${restored.id}`, { headers: bearer("viewer") }),
        deploymentEndpoints.get,
      ),
    ).toMatchObject({ emergency: true });

    const audit = await parsed(
      await request.get(`/api/v1/audit?entity=deployment:${d2}&action=deployment.rollback`, {
        headers: bearer("admin"),
      }),
      auditEndpoints.list,
    );
    expect(audit.items[0].after).toMatchObject({ emergency: true, reason: long });
    expect(audit.items[0].after).toMatchObject({
      failedGates: expect.arrayContaining([expect.objectContaining({ name: "eval_metrics" })]),
    });

    const viewer = await signedInContext(baseURL!, "viewer@modelgate.dev", DEMO_PASSWORD);
    const pageText = async (path: string) => {
      const res = await viewer.get(path);
      expect(res.status()).toBe(200);
      return res.text();
    };
    expect(await pageText(`/targets/${target.slug}`)).toContain(BANNER);
    expect(await pageText(`/deployments/${restored.id}`)).toContain(BANNER);

    // A version that meets the requirements, promoted normally, clears the warning.
    await addVersion(request, slug, 3); // accuracy 0.93
    const d3 = await ship(request, slug, 3, target.slug);
    expect(
      await parsed(
        await request.get(`/api/v1/deployments/${d3}`, { headers: bearer("viewer") }),
        deploymentEndpoints.get,
      ),
    ).toMatchObject({ status: "active", emergency: false });
    expect(await pageText(`/targets/${target.slug}`)).not.toContain(BANNER);
    await viewer.dispose();
  });

  test("a rollback whose restored version passes the gates keeps today's rule: approvers on production", async ({
    request,
  }) => {
    const slug = await promotable(request, 2);
    const target = await createTarget(request, "production", 1);
    await ship(request, slug, 1, target.slug);
    const d2 = await ship(request, slug, 2, target.slug);
    expect((await rollback(request, d2, "editor", { reason: "p95 regression" })).status()).toBe(
      403,
    );
    const ok = await rollback(request, d2, "approver", { reason: "p95 regression" });
    expect(ok.status()).toBe(201);
    expect(await parsed(ok, deploymentEndpoints.rollback)).toMatchObject({
      version: 1,
      emergency: false,
      emergencyGates: null,
    });
  });
});
