import { type APIRequestContext, expect, test } from "@playwright/test";
import type { z } from "zod";
import { checklistEndpoints } from "@/lib/endpoints/checklist";
import { deploymentEndpoints, promotionEndpoints } from "@/lib/endpoints/promotions";
import { targetEndpoints } from "@/lib/endpoints/targets";
import { tokenEndpoints } from "@/lib/endpoints/tokens";
import { userEndpoints } from "@/lib/endpoints/users";
import type { gate } from "@/lib/schemas/promotions";
import { parsed, present, problemOf, staleSnapshotProblem } from "../support/api";
import { type DemoRole, bearer, unique } from "../support/fixtures";
import { addVersion, createTarget, decide, promotable } from "../support/promotions";

// The approval policy over real HTTP, tried as a determined editor and a careless approver
// would. Each test is one way around the policy that a review found; each must be refused.

type Gate = z.infer<typeof gate>;

async function request_(
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

const read = async (request: APIRequestContext, id: string) =>
  await parsed(
    await request.get(`/api/v1/promotions/${id}`, { headers: bearer("viewer") }),
    promotionEndpoints.get,
  );

test.describe("1. only admins change what a target demands", () => {
  test("PATCH /api/v1/targets/{slug} – an editor cannot flip production to a zero-approval staging target and back", async ({
    request,
  }) => {
    const prod = await createTarget(request, "production", 1);
    const url = `/api/v1/targets/${prod.slug}`;
    const flip = await request.patch(url, {
      headers: bearer("editor"),
      data: { environment: "staging", requiredApprovals: 0 },
    });
    expect(flip.status()).toBe(403);
    expect((await problemOf(flip, 403)).detail).toContain("Only admins");
    expect(
      (
        await request.post("/api/v1/targets", {
          headers: bearer("editor"),
          data: {
            slug: unique("copy"),
            name: "copy",
            kind: "cloud",
            provider: "aws",
            environment: "staging",
          },
        })
      ).status(),
    ).toBe(403);
    const after = await parsed(
      await request.get(url, { headers: bearer("viewer") }),
      targetEndpoints.get,
    );
    expect(after).toMatchObject({ environment: "production", requiredApprovals: 1 });
  });

  test("POST /api/v1/targets – a look-alike copy of production's endpoint is refused; environments freeze while something runs", async ({
    request,
  }) => {
    const endpoint = `https://${unique("prod")}.example.com`;
    const base = { kind: "cloud", provider: "aws", name: "Prod" };
    expect(
      (
        await request.post("/api/v1/targets", {
          headers: bearer("admin"),
          data: { ...base, slug: unique("p"), environment: "production", endpoint },
        })
      ).status(),
    ).toBe(201);
    const copy = await request.post("/api/v1/targets", {
      headers: bearer("admin"),
      data: {
        ...base,
        slug: unique("c"),
        environment: "staging",
        endpoint: `${endpoint.toUpperCase()}/`,
      },
    });
    expect(copy.status()).toBe(400);
    expect((await problemOf(copy, 400)).errors).toEqual([
      { path: "endpoint", message: "another target already has this endpoint" },
    ]);

    const slug = await promotable(request);
    const staging = await createTarget(request, "staging");
    const p = await request_(request, slug, 1, staging.slug);
    expect(p.status).toBe("approved");
    const move = await request.patch(`/api/v1/targets/${staging.slug}`, {
      headers: bearer("admin"),
      data: { environment: "production", requiredApprovals: 1 },
    });
    expect(move.status()).toBe(409);
    const d = await parsed(
      await request.get(`/api/v1/deployments/${p.deploymentId}`, { headers: bearer("viewer") }),
      deploymentEndpoints.get,
    );
    expect(d).toMatchObject({ environment: "staging", requiredApprovals: 0 });
  });
});

test.describe("2. an approval is for exactly what the approver saw", () => {
  test("POST /api/v1/promotions/{id}/approve – an edit after the approver looked: 409 with what changed, nothing approved", async ({
    request,
  }) => {
    const slug = await promotable(request);
    const target = await createTarget(request, "production", 1);
    const p = await request_(request, slug, 1, target.slug);
    const edit = await request.patch(`/api/v1/models/${slug}/versions/1`, {
      headers: bearer("editor"),
      data: {
        gitCommit: "0123456789abcdef0123456789abcdef01234567",
        params: { backdoor: true },
        modelCard: "# Trust me",
      },
    });
    expect(edit.status()).toBe(200);
    const res = await request.post(`/api/v1/promotions/${p.id}/approve`, {
      headers: bearer("approver"),
      data: { snapshotHash: p.snapshotHash },
    });
    expect(res.status()).toBe(409);
    const body = await problemOf(res, 409, staleSnapshotProblem);
    expect(body.changes[0]).toContain("git commit, params, model card");
    expect(body.diff.map((d) => d.path)).toEqual(
      expect.arrayContaining(["version.params", "version.modelCard"]),
    );
    const now = await read(request, p.id);
    expect(now).toMatchObject({ status: "pending", originalSnapshotHash: p.snapshotHash });
    expect(now.repins).toHaveLength(1);
    // A vote must name a snapshot: without one it is a 400 naming the field.
    const missing = await request.post(`/api/v1/promotions/${p.id}/approve`, {
      headers: bearer("approver"),
      data: {},
    });
    expect(missing.status()).toBe(400);
    expect((await problemOf(missing, 400)).errors?.[0].path).toBe("snapshotHash");
  });
});

test.describe("3. approved and running versions are frozen", () => {
  test("PATCH /api/v1/models/{slug}/versions/{n} – a running version's eval metric cannot be lowered", async ({
    request,
  }) => {
    const slug = await promotable(request);
    const target = await createTarget(request, "production", 1);
    const p = await request_(request, slug, 1, target.slug);
    expect((await decide(request, p.id, "approver")).status()).toBe(200);
    const res = await request.patch(`/api/v1/models/${slug}/versions/1`, {
      headers: bearer("editor"),
      data: { evalMetrics: { accuracy: 0.1 } },
    });
    expect(res.status()).toBe(409);
    expect(
      (
        await request.patch(`/api/v1/models/${slug}/versions/1`, {
          headers: bearer("editor"),
          data: { stage: "archived" },
        })
      ).status(),
    ).toBe(409);
  });
});

test.describe("4. approval re-checks that everything still exists", () => {
  test("PATCH /api/v1/models/{slug} archived – its pending requests are cancelled and cannot be approved", async ({
    request,
  }) => {
    const slug = await promotable(request);
    const target = await createTarget(request, "production", 1);
    const p = await request_(request, slug, 1, target.slug);
    expect(
      (
        await request.patch(`/api/v1/models/${slug}`, {
          headers: bearer("editor"),
          data: { archived: true },
        })
      ).status(),
    ).toBe(200);
    expect(await read(request, p.id)).toMatchObject({ status: "cancelled" });
    expect((await decide(request, p.id, "approver")).status()).toBe(409);
  });
});

test.describe("5. no vote in someone else's name, and no one approves their own work", () => {
  test("POST /api/v1/promotions/{id}/approve – a token an admin created for the approver cannot vote", async ({
    request,
  }) => {
    const slug = await promotable(request);
    const target = await createTarget(request, "production", 1);
    const p = await request_(request, slug, 1, target.slug);
    const me = await parsed(
      await request.get("/api/v1/me", { headers: bearer("approver") }),
      userEndpoints.me,
    );
    const minted = await request.post("/api/v1/tokens", {
      headers: bearer("admin"),
      data: { name: unique("for-approver"), scopes: ["read", "promote"], userId: me.user.id },
    });
    expect(minted.status()).toBe(201);
    const token = (await parsed(minted, tokenEndpoints.create)).token;
    const res = await request.post(`/api/v1/promotions/${p.id}/approve`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { snapshotHash: p.snapshotHash },
    });
    expect(res.status()).toBe(403);
    expect((await read(request, p.id)).validApprovals).toBe(0);
  });

  test("POST /api/v1/promotions/{id}/approve – whoever waived the checklist cannot approve it", async ({
    request,
  }) => {
    const slug = await promotable(request); // the reviewer waived its required items
    const target = await createTarget(request, "production", 1);
    const p = await request_(request, slug, 1, target.slug);
    const res = await decide(request, p.id, "reviewer");
    expect(res.status()).toBe(403);
    expect((await problemOf(res, 403)).detail).toContain("waived");
  });
});

test.describe("6. waivers are decisions, not shortcuts", () => {
  test("PATCH …/checklist/{item} – an editor cannot waive a required item; an approver's waiver is listed on the gate", async ({
    request,
  }) => {
    const slug = unique("waiver");
    expect(
      (
        await request.post("/api/v1/models", {
          headers: bearer("editor"),
          data: { slug, name: slug },
        })
      ).status(),
    ).toBe(201);
    await request.put(`/api/v1/models/${slug}/requirements`, {
      headers: bearer("editor"),
      data: { minMetricName: "accuracy", minMetricValue: 0.9, memoryMb: 1024 },
    });
    await addVersion(request, slug, 1);
    const checklist = await parsed(
      await request.get(`/api/v1/models/${slug}/versions/1/checklist`, {
        headers: bearer("viewer"),
      }),
      checklistEndpoints.get,
    );
    const monitoring = present(
      checklist.stages.find((s: { stage: string }) => s.stage === "monitoring"),
      "the monitoring stage",
    );
    const item = present(
      monitoring.items.find((i: { required: boolean }) => i.required),
      "a required item",
    );
    const url = `/api/v1/models/${slug}/versions/1/checklist/${item.id}`;
    const reason = "Platform alerting covers this model for now";
    expect(
      (
        await request.patch(url, {
          headers: bearer("editor"),
          data: { waived: true, waiverReason: reason },
        })
      ).status(),
    ).toBe(403);
    const short = await request.patch(url, {
      headers: bearer("reviewer"),
      data: { waived: true, waiverReason: "ok fine" },
    });
    expect(short.status()).toBe(400);
    expect((await problemOf(short, 400)).errors?.[0].path).toBe("waiverReason");

    const target = await createTarget(request, "production", 1);
    const p = await request_(request, slug, 1, target.slug);
    const gate = p.gates.find((g: Gate) => g.name === "checklist")!;
    expect(gate.waivers!.length).toBeGreaterThan(0);
    expect(gate.waivers![0]).toMatchObject({
      by: "Rita Reviewer",
      reason: "Waived by the end-to-end suite.",
    });
  });
});

test.describe("9. a stale request cannot downgrade production", () => {
  test("approving v2 voids the votes on the forgotten v1 request, which now says what it would replace", async ({
    request,
  }) => {
    const slug = await promotable(request, 2);
    const target = await createTarget(request, "production", 2);
    const r1 = await request_(request, slug, 1, target.slug);
    const r2 = await request_(request, slug, 2, target.slug);
    expect((await decide(request, r1.id, "approver")).status()).toBe(200);
    expect((await decide(request, r2.id, "approver")).status()).toBe(200);
    expect(
      (await parsed(await decide(request, r2.id, "admin"), promotionEndpoints.approve)).status,
    ).toBe("approved");
    const stale = await read(request, r1.id);
    expect(stale.validApprovals).toBe(0);
    expect(stale.repins.at(-1)!.changes.join(" ")).toContain("now runs version 2");
    // The admin approving what they saw before is refused, not a silent downgrade.
    const res = await request.post(`/api/v1/promotions/${r1.id}/approve`, {
      headers: bearer("admin"),
      data: { snapshotHash: r1.snapshotHash },
    });
    expect(res.status()).toBe(409);
  });
});

test.describe("10. requirements are part of what is approved", () => {
  test("PUT /api/v1/models/{slug}/requirements – loosening the bar voids the vote and the gate text is recomputed", async ({
    request,
  }) => {
    const slug = await promotable(request);
    const target = await createTarget(request, "production", 2);
    const p = await request_(request, slug, 1, target.slug);
    expect((await decide(request, p.id, "approver")).status()).toBe(200);
    const put = await request.put(`/api/v1/models/${slug}/requirements`, {
      headers: bearer("editor"),
      data: {
        minMetricName: "accuracy",
        minMetricValue: 0.1,
        memoryMb: 1024,
        latencyP95Ms: 100_000,
      },
    });
    expect(put.status()).toBe(200);
    const after = await read(request, p.id);
    expect(after.validApprovals).toBe(0);
    expect(after.repins.at(-1)!.changes.join(" ")).toContain("minMetricValue 0.9 → 0.1");
    expect(after.gates.find((g: Gate) => g.name === "eval_metrics")!.detail).toContain(">= 0.1");
  });
});
