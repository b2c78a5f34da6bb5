import { type APIRequestContext, expect } from "@playwright/test";
import { checklistEndpoints } from "@/lib/endpoints/checklist";
import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { targetEndpoints } from "@/lib/endpoints/targets";
import { type DemoRole, bearer, unique } from "./fixtures";
import { parsed, present } from "./api";

// Building blocks for promotion tests, over the real API.

export async function createTarget(
  request: APIRequestContext,
  environment: "staging" | "production",
  requiredApprovals?: number,
  memoryMb = 8192,
  /** More of the target's settings, such as its `delivery`. */
  more: Record<string, unknown> = {},
) {
  const slug = unique("tgt");
  // Targets set the approval policy: only admins create them.
  const res = await request.post("/api/v1/targets", {
    headers: bearer("admin"),
    data: {
      slug,
      name: `E2E ${slug}`,
      kind: "cloud",
      provider: "aws",
      environment,
      hardware: { memoryMb },
      ...(requiredApprovals === undefined ? {} : { requiredApprovals }),
      ...more,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return parsed(res, targetEndpoints.create);
}

/** A model whose version passes every blocking gate: requirements met, required items of stages 1–4 waived (by the reviewer, an approver who then stays out of the vote). */
export async function promotable(request: APIRequestContext, versions = 1) {
  const slug = unique("promo");
  const editor = bearer("editor");
  expect(
    (
      await request.post("/api/v1/models", {
        headers: editor,
        data: { slug, name: `Promo ${slug}` },
      })
    ).status(),
  ).toBe(201);
  expect(
    (
      await request.put(`/api/v1/models/${slug}/requirements`, {
        headers: editor,
        data: { minMetricName: "accuracy", minMetricValue: 0.9, memoryMb: 1024 },
      })
    ).status(),
  ).toBe(200);
  for (let n = 1; n <= versions; n++) await addVersion(request, slug, n);
  return slug;
}

export async function addVersion(request: APIRequestContext, slug: string, n: number) {
  const editor = bearer("editor");
  const res = await request.post(`/api/v1/models/${slug}/versions`, {
    headers: editor,
    data: {
      artifactUri: `s3://models/${slug}/${n}/model.onnx`,
      evalMetrics: { accuracy: 0.9 + n / 100 },
    },
  });
  expect(res.status()).toBe(201);
  const checklist = await parsed(
    await request.get(`/api/v1/models/${slug}/versions/${n}/checklist`, { headers: editor }),
    checklistEndpoints.get,
  );
  const items = checklist.stages
    .filter((s: { stage: string }) => s.stage !== "monitoring")
    .flatMap((s: { items: { id: string; required: boolean; done: boolean }[] }) => s.items)
    .filter((i: { required: boolean; done: boolean }) => i.required && !i.done);
  for (const i of items) {
    const r = await request.patch(`/api/v1/models/${slug}/versions/${n}/checklist/${i.id}`, {
      headers: bearer("reviewer"),
      data: { waived: true, waiverReason: "Waived by the end-to-end suite." },
    });
    expect(r.status()).toBe(200);
  }
}

/** Approve or reject as an approver would: on the snapshot the request shows now. */
export async function decide(
  request: APIRequestContext,
  id: string,
  as: DemoRole,
  what: "approve" | "reject" = "approve",
  comment?: string,
) {
  const current = await request.get(`/api/v1/promotions/${id}`, { headers: bearer(as) });
  expect(current.status()).toBe(200);
  const { snapshotHash } = await parsed(current, promotionEndpoints.get);
  return request.post(`/api/v1/promotions/${id}/${what}`, {
    headers: bearer(as),
    data: { snapshotHash, ...(comment ? { comment } : {}) },
  });
}

/**
 * Request a promotion of v`n` (`data`: the request's body) as an editor and approve it as an
 * approver: the approved promotion.
 */
export async function requestApproved(
  request: APIRequestContext,
  slug: string,
  n: number,
  data: Record<string, unknown>,
) {
  const req = await request.post(`/api/v1/models/${slug}/versions/${n}/promotions`, {
    headers: bearer("editor"),
    data,
  });
  expect(req.status(), await req.text()).toBe(201);
  const approved = await decide(
    request,
    (await parsed(req, promotionEndpoints.request)).id,
    "approver",
  );
  expect(approved.status(), await approved.text()).toBe(200);
  return parsed(approved, promotionEndpoints.approve);
}

/** Request a promotion of v`n` to the target as an editor and approve it: the new deployment's id. */
export async function ship(
  request: APIRequestContext,
  slug: string,
  n: number,
  target: string,
): Promise<string> {
  const approved = await requestApproved(request, slug, n, { target, reason: `ship v${n}` });
  return present(approved.deploymentId, "a deployment");
}
