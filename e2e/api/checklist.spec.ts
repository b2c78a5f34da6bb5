import { type APIRequestContext, expect, test } from "@playwright/test";
import type { z } from "zod";
import { checklistEndpoints, templateEndpoints } from "@/lib/endpoints/checklist";
import type { checklistItem } from "@/lib/schemas/checklist";
import { parsed, problemOf } from "../support/api";
import { bearer, unique } from "../support/fixtures";

type Item = z.infer<typeof checklistItem>;

async function versionWithChecklist(request: APIRequestContext, versions = 1) {
  const slug = unique("chk");
  expect(
    (
      await request.post("/api/v1/models", {
        headers: bearer("editor"),
        data: { slug, name: "Checklist API" },
      })
    ).status(),
  ).toBe(201);
  for (let i = 1; i <= versions; i++) {
    expect(
      (
        await request.post(`/api/v1/models/${slug}/versions`, {
          headers: bearer("editor"),
          data: { artifactUri: `s3://b/${slug}/${i}` },
        })
      ).status(),
    ).toBe(201);
  }
  return slug;
}

async function itemsOf(request: APIRequestContext, slug: string, n = 1): Promise<Item[]> {
  const res = await request.get(`/api/v1/models/${slug}/versions/${n}/checklist`, {
    headers: bearer("viewer"),
  });
  expect(res.status()).toBe(200);
  return (await parsed(res, checklistEndpoints.get)).stages.flatMap(
    (s: { items: Item[] }) => s.items,
  );
}

test.describe("checklist API", () => {
  test("PATCH – 50 parallel changes to distinct items all persist", async ({ request }) => {
    const slug = await versionWithChecklist(request, 3);
    const targets = [
      ...(await itemsOf(request, slug, 1)).map((i) => ({ n: 1, i })),
      ...(await itemsOf(request, slug, 2)).map((i) => ({ n: 2, i })),
      ...(await itemsOf(request, slug, 3)).map((i) => ({ n: 3, i })),
    ].slice(0, 50);
    expect(targets).toHaveLength(50);
    const responses = await Promise.all(
      targets.map(({ n, i }) =>
        request.patch(`/api/v1/models/${slug}/versions/${n}/checklist/${i.id}`, {
          headers: { ...bearer("editor"), "If-Match": `"${i.updatedAt}"` },
          data: { note: `parallel ${i.id}` },
        }),
      ),
    );
    expect(responses.map((r) => r.status())).toEqual(Array(50).fill(200));
    const after = [
      ...(await itemsOf(request, slug, 1)),
      ...(await itemsOf(request, slug, 2)),
      ...(await itemsOf(request, slug, 3)),
    ];
    for (const { i } of targets)
      expect(after.find((x) => x.id === i.id)?.note).toBe(`parallel ${i.id}`);
  });

  test("PATCH – a stale If-Match gets 409 with the current item and changes nothing", async ({
    request,
  }) => {
    const slug = await versionWithChecklist(request);
    const item = (await itemsOf(request, slug)).find((i) => !i.evidenceRule)!;
    const url = `/api/v1/models/${slug}/versions/1/checklist/${item.id}`;
    const first = await request.patch(url, {
      headers: { ...bearer("editor"), "If-Match": `"${item.updatedAt}"` },
      data: { checked: true },
    });
    expect(first.status()).toBe(200);
    expect(first.headers()["etag"]).toBe(
      `"${(await parsed(first, checklistEndpoints.update)).updatedAt}"`,
    );
    const stale = await request.patch(url, {
      headers: { ...bearer("editor"), "If-Match": `"${item.updatedAt}"` },
      data: { checked: false, note: "mine" },
    });
    expect(stale.status()).toBe(409);
    const body = await problemOf(stale, 409);
    expect(body.current).toMatchObject({ id: item.id, checked: true });
    const now = (await itemsOf(request, slug)).find((i) => i.id === item.id)!;
    expect(now).toMatchObject({ checked: true, note: null });
  });

  test("PATCH – viewers get 403; evidence items cannot be ticked; a waiver needs a reason", async ({
    request,
  }) => {
    const slug = await versionWithChecklist(request);
    const items = await itemsOf(request, slug);
    const manual = items.find((i) => !i.evidenceRule)!;
    const evidence = items.find((i) => i.evidenceRule)!;
    expect(
      (
        await request.patch(`/api/v1/models/${slug}/versions/1/checklist/${manual.id}`, {
          headers: bearer("viewer"),
          data: { checked: true },
        })
      ).status(),
    ).toBe(403);
    expect(
      (
        await request.patch(`/api/v1/models/${slug}/versions/1/checklist/${evidence.id}`, {
          headers: bearer("editor"),
          data: { checked: true },
        })
      ).status(),
    ).toBe(422);
    const noReason = await request.patch(
      `/api/v1/models/${slug}/versions/1/checklist/${evidence.id}`,
      { headers: bearer("editor"), data: { waived: true } },
    );
    expect(noReason.status()).toBe(400);
    expect((await problemOf(noReason, 400)).errors?.[0].path).toBe("waiverReason");
  });

  test("an evidence item flips after PUT requirements sets the targets, and back when removed", async ({
    request,
  }) => {
    const slug = await versionWithChecklist(request);
    const find = async () =>
      (await itemsOf(request, slug)).find(
        (i) => i.evidenceRule === "requirements.performance_defined",
      )!;
    expect((await find()).evidence?.satisfied).toBe(false);
    await request.put(`/api/v1/models/${slug}/requirements`, {
      headers: bearer("editor"),
      data: { latencyP95Ms: 30, throughputRps: 400 },
    });
    expect((await find()).evidence).toEqual({
      satisfied: true,
      reason: "p95 ≤ 30 ms at 400 req/s.",
    });
    await request.put(`/api/v1/models/${slug}/requirements`, {
      headers: bearer("editor"),
      data: { latencyP95Ms: 30 },
    });
    expect((await find()).evidence?.satisfied).toBe(false);
  });

  test("GET status – required items per stage, for promotion gates", async ({ request }) => {
    const slug = await versionWithChecklist(request);
    const res = await request.get(
      `/api/v1/models/${slug}/versions/1/checklist/status?stages=requirements,cicd`,
      { headers: bearer("viewer") },
    );
    expect(res.status()).toBe(200);
    const status = await parsed(res, checklistEndpoints.status);
    expect(status.complete).toBe(false);
    expect(status.stages.map((s: { stage: string }) => s.stage)).toEqual(["requirements", "cicd"]);
    expect(status.stages[0].missing.length).toBeGreaterThan(0);
    expect(
      (
        await request.get(`/api/v1/models/${slug}/versions/1/checklist/status?stages=bogus`, {
          headers: bearer("viewer"),
        })
      ).status(),
    ).toBe(400);
  });

  test("templates – admins only; edits reach only versions registered afterwards", async ({
    request,
  }) => {
    const slug = await versionWithChecklist(request);
    const title = `Shadow traffic test ${unique("t")}`;
    expect(
      (
        await request.post("/api/v1/checklist-templates", {
          headers: bearer("editor"),
          data: { stage: "cicd", title },
        })
      ).status(),
    ).toBe(403);
    const created = await request.post("/api/v1/checklist-templates", {
      headers: bearer("admin"),
      data: { stage: "cicd", title, required: false },
    });
    expect(created.status()).toBe(201);
    const t = await parsed(created, templateEndpoints.create);
    try {
      await request.post(`/api/v1/models/${slug}/versions`, {
        headers: bearer("editor"),
        data: { artifactUri: `s3://b/${slug}/2` },
      });
      expect((await itemsOf(request, slug, 1)).some((i) => i.key === t.key)).toBe(false);
      expect((await itemsOf(request, slug, 2)).some((i) => i.key === t.key)).toBe(true);
    } finally {
      expect(
        (
          await request.delete(`/api/v1/checklist-templates/${t.id}`, { headers: bearer("admin") })
        ).status(),
      ).toBe(200);
    }
  });
});
