import { type APIRequestContext, expect, test } from "@playwright/test";
import { deploymentEndpoints, promotionEndpoints } from "@/lib/endpoints/promotions";
import { targetEndpoints } from "@/lib/endpoints/targets";
import { gateProblem, parsed, problemOf } from "../support/api";
import { type DemoRole, bearer, unique } from "../support/fixtures";
import { createTarget, decide, promotable } from "../support/promotions";

// The promotion policy over real HTTP: targets, gates, approvals, deployments, rollback, history.

async function requestPromotion(
  request: APIRequestContext,
  slug: string,
  n: number,
  target: string,
  as: DemoRole = "editor",
) {
  const res = await request.post(`/api/v1/models/${slug}/versions/${n}/promotions`, {
    headers: bearer(as),
    data: { target, reason: `ship v${n}` },
  });
  expect(res.status(), await res.text()).toBe(201);
  return parsed(res, promotionEndpoints.request);
}

test.describe("targets API", () => {
  test("create: production defaults to one approval and refuses zero; every invalid field is listed", async ({
    request,
  }) => {
    const prod = await createTarget(request, "production");
    expect(prod.requiredApprovals).toBe(1);
    expect((await createTarget(request, "staging")).requiredApprovals).toBe(0);

    const bad = await request.post("/api/v1/targets", {
      headers: bearer("admin"),
      data: {
        slug: "Bad Slug",
        name: "x",
        kind: "moon",
        provider: "aws",
        environment: "production",
        endpoint: "ftp://x",
        scaling: { minReplicas: 3, maxReplicas: 1 },
        requiredApprovals: 0,
      },
    });
    expect(bad.status()).toBe(400);
    const paths = (await problemOf(bad, 400)).errors?.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(["endpoint", "kind", "requiredApprovals", "scaling.maxReplicas", "slug"]);
    expect(
      (
        await request.post("/api/v1/targets", {
          headers: bearer("viewer"),
          data: {
            slug: unique("v"),
            name: "v",
            kind: "cloud",
            provider: "x",
            environment: "staging",
          },
        })
      ).status(),
    ).toBe(403);
    expect(
      (
        await request.post("/api/v1/targets", {
          headers: bearer("editor"),
          data: {
            slug: unique("e"),
            name: "e",
            kind: "cloud",
            provider: "x",
            environment: "staging",
          },
        })
      ).status(),
    ).toBe(403);
    expect(
      (
        await request.post("/api/v1/targets", {
          headers: bearer("admin"),
          data: {
            slug: prod.slug,
            name: "dup",
            kind: "cloud",
            provider: "x",
            environment: "staging",
          },
        })
      ).status(),
    ).toBe(409);
  });

  test("edit: a stale If-Match gets 409; production cannot drop to zero approvals", async ({
    request,
  }) => {
    const t = await createTarget(request, "production", 2);
    const url = `/api/v1/targets/${t.slug}`;
    const ok = await request.patch(url, {
      headers: { ...bearer("editor"), "If-Match": `"${t.updatedAt}"` },
      data: { region: "eu-west-1" },
    });
    expect(ok.status()).toBe(200);
    expect(
      (
        await request.patch(url, {
          headers: { ...bearer("editor"), "If-Match": `"${t.updatedAt}"` },
          data: { region: "us-east-1" },
        })
      ).status(),
    ).toBe(409);
    expect(
      (
        await request.patch(url, { headers: bearer("editor"), data: { requiredApprovals: 0 } })
      ).status(),
    ).toBe(403);
    const zero = await request.patch(url, {
      headers: bearer("admin"),
      data: { requiredApprovals: 0 },
    });
    expect(zero.status()).toBe(400);
    expect((await problemOf(zero, 400)).errors?.[0].path).toBe("requiredApprovals");
    expect(
      (await parsed(await request.get(url, { headers: bearer("viewer") }), targetEndpoints.get))
        .region,
    ).toBe("eu-west-1");
  });
});

test.describe("promotions API", () => {
  test("failing gates: 422 with the gate list, and no request is stored", async ({ request }) => {
    const slug = await promotable(request);
    const tiny = await createTarget(request, "production", 1, 256);
    const res = await request.post(`/api/v1/models/${slug}/versions/1/promotions`, {
      headers: bearer("editor"),
      data: { target: tiny.slug, reason: "try" },
    });
    expect(res.status()).toBe(422);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    const body = await problemOf(res, 422, gateProblem);
    const fit = body.gates.find((g) => g.name === "target_fit");
    expect(fit).toMatchObject({ passed: false, blocking: true });
    expect(fit?.reasons[0]).toContain("1024 MB");
    const list = await parsed(
      await request.get(`/api/v1/promotions?model=${slug}`, { headers: bearer("viewer") }),
      promotionEndpoints.list,
    );
    expect(list.items).toEqual([]);
    // The preview answers the same without creating anything.
    const preview = await parsed(
      await request.get(`/api/v1/models/${slug}/versions/1/gates?target=${tiny.slug}`, {
        headers: bearer("viewer"),
      }),
      promotionEndpoints.gates,
    );
    expect(preview.passed).toBe(false);
  });

  test("who may decide: requester 403, viewer 403, editor 403; a second decision 409", async ({
    request,
  }) => {
    const slug = await promotable(request);
    const target = await createTarget(request, "production", 1);
    const p = await requestPromotion(request, slug, 1, target.slug, "approver");
    expect((await decide(request, p.id, "approver")).status()).toBe(403);
    expect((await decide(request, p.id, "viewer")).status()).toBe(403);
    expect((await decide(request, p.id, "editor")).status()).toBe(403);
    expect((await decide(request, p.id, "editor", "reject")).status()).toBe(403);
    const approved = await decide(request, p.id, "admin", "approve", "ship it");
    expect(approved.status()).toBe(200);
    expect(await parsed(approved, promotionEndpoints.approve)).toMatchObject({
      status: "approved",
      validApprovals: 1,
    });
    expect((await decide(request, p.id, "admin")).status()).toBe(409);
    expect((await decide(request, p.id, "admin", "reject")).status()).toBe(409);
  });

  test("a 2-approval target needs two distinct approvers; editing the version voids an approval", async ({
    request,
  }) => {
    const slug = await promotable(request);
    const target = await createTarget(request, "production", 2);
    const p = await requestPromotion(request, slug, 1, target.slug);
    expect(p).toMatchObject({ status: "pending", requiredApprovals: 2 });

    expect(
      await parsed(await decide(request, p.id, "approver"), promotionEndpoints.approve),
    ).toMatchObject({ status: "pending", validApprovals: 1 });
    expect((await decide(request, p.id, "approver")).status()).toBe(409); // one vote per person

    const edit = await request.patch(`/api/v1/models/${slug}/versions/1`, {
      headers: bearer("editor"),
      data: { modelCard: "# Changed after approval" },
    });
    expect(edit.status()).toBe(200);
    const voided = await parsed(
      await request.get(`/api/v1/promotions/${p.id}`, { headers: bearer("viewer") }),
      promotionEndpoints.get,
    );
    expect(voided.validApprovals).toBe(0);
    expect(voided.approvals[0]).toMatchObject({ decision: "approve", valid: false });
    expect(voided.invalidatedReason).toContain("model card");

    expect(
      await parsed(await decide(request, p.id, "approver"), promotionEndpoints.approve),
    ).toMatchObject({ status: "pending", validApprovals: 1 });
    const done = await parsed(await decide(request, p.id, "admin"), promotionEndpoints.approve);
    expect(done).toMatchObject({ status: "approved", validApprovals: 2 });
    const deployment = await parsed(
      await request.get(`/api/v1/deployments/${done.deploymentId}`, { headers: bearer("viewer") }),
      deploymentEndpoints.get,
    );
    expect(deployment).toMatchObject({
      status: "active",
      model: slug,
      version: 1,
      target: target.slug,
      promotionId: p.id,
    });
  });

  test("two approvers at once create exactly one deployment; the previous one is superseded", async ({
    request,
  }) => {
    const slug = await promotable(request, 2);
    const target = await createTarget(request, "production", 1);
    const first = await requestPromotion(request, slug, 1, target.slug);
    expect((await decide(request, first.id, "approver")).status()).toBe(200);
    const second = await requestPromotion(request, slug, 2, target.slug);
    const statuses = (
      await Promise.all([
        decide(request, second.id, "approver"),
        decide(request, second.id, "admin"),
      ])
    )
      .map((r) => r.status())
      .sort();
    expect(statuses).toEqual([200, 409]);
    const list = await parsed(
      await request.get(`/api/v1/deployments?model=${slug}&target=${target.slug}`, {
        headers: bearer("viewer"),
      }),
      deploymentEndpoints.list,
    );
    expect(
      list.items.map((d: { version: number; status: string }) => [d.version, d.status]),
    ).toEqual([
      [2, "active"],
      [1, "superseded"],
    ]);
  });

  test("rollback restores the previous version; the history answers for before and after", async ({
    request,
  }) => {
    const slug = await promotable(request, 2);
    const target = await createTarget(request, "production", 1);
    for (const n of [1, 2]) {
      const p = await requestPromotion(request, slug, n, target.slug);
      expect((await decide(request, p.id, "approver")).status()).toBe(200);
    }
    const active = (
      await parsed(
        await request.get(`/api/v1/deployments?model=${slug}&status=active`, {
          headers: bearer("viewer"),
        }),
        deploymentEndpoints.list,
      )
    ).items[0];
    expect(active.version).toBe(2);
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 50));

    const url = `/api/v1/deployments/${active.id}/rollback`;
    expect((await request.post(url, { headers: bearer("approver"), data: {} })).status()).toBe(400); // reason required
    expect(
      (
        await request.post(url, { headers: bearer("editor"), data: { reason: "p95 regression" } })
      ).status(),
    ).toBe(403); // production: approvers only
    const res = await request.post(url, {
      headers: bearer("approver"),
      data: { reason: "p95 regression" },
    });
    expect(res.status()).toBe(201);
    expect(await parsed(res, deploymentEndpoints.rollback)).toMatchObject({
      status: "active",
      version: 1,
      rollbackReason: "p95 regression",
    });
    expect(
      (
        await request.post(url, { headers: bearer("approver"), data: { reason: "again" } })
      ).status(),
    ).toBe(409);

    const at = async (t: string) => {
      const url = `/api/v1/targets/${target.slug}/history?at=${encodeURIComponent(t)}`;
      const body = await parsed(
        await request.get(url, { headers: bearer("viewer") }),
        targetEndpoints.history,
      );
      if (!("deployment" in body)) throw new Error("?at= answers what ran at that moment");
      return body.deployment;
    };
    expect(await at(before)).toMatchObject({ id: active.id, version: 2 });
    expect(await at(new Date().toISOString())).toMatchObject({ version: 1, status: "active" });
    expect(await at("2000-01-01T00:00:00Z")).toBeNull();
    const history = await parsed(
      await request.get(`/api/v1/targets/${target.slug}/history`, { headers: bearer("viewer") }),
      targetEndpoints.history,
    );
    if (!("items" in history)) throw new Error("without ?at= the history is a page of deployments");
    expect(
      history.items.map((d: { version: number; status: string }) => [d.version, d.status]),
    ).toEqual([
      [1, "active"],
      [2, "rolled_back"],
      [1, "superseded"],
    ]);
    const bad = await request.get(`/api/v1/targets/${target.slug}/history?at=yesterday`, {
      headers: bearer("viewer"),
    });
    expect(bad.status()).toBe(400);
  });

  test("a zero-approval staging target deploys at once", async ({ request }) => {
    const slug = await promotable(request);
    const target = await createTarget(request, "staging");
    const p = await requestPromotion(request, slug, 1, target.slug);
    expect(p.status).toBe("approved");
    expect(p.deploymentId).toBeTruthy();
    // Editors may roll back staging, but nothing ran before.
    const rb = await request.post(`/api/v1/deployments/${p.deploymentId}/rollback`, {
      headers: bearer("editor"),
      data: { reason: "test" },
    });
    expect(rb.status()).toBe(422);
  });
});
