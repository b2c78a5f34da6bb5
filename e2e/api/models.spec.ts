import { type APIResponse, expect, test } from "@playwright/test";
import { auditEndpoints } from "@/lib/endpoints/audit";
import { modelEndpoints } from "@/lib/endpoints/models";
import { parsed, problemOf } from "../support/api";
import { bearer, unique } from "../support/fixtures";

test.describe("/api/v1/models", () => {
  test("GET /api/v1/models – 401 problem+json without credentials", async ({ request }) => {
    const res = await request.get("/api/v1/models");
    expect(res.status()).toBe(401);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    const body = await problemOf(res, 401);
    expect(body).toMatchObject({ status: 401, title: "Authentication required" });
    expect(body.type).toMatch(/unauthorized$/);
  });

  test("GET /api/v1/models – 401 for an unknown token", async ({ request }) => {
    const res = await request.get("/api/v1/models", {
      headers: { Authorization: "Bearer mg_not-a-real-token" },
    });
    expect(res.status()).toBe(401);
  });

  test("POST /api/v1/models – a viewer's token gets 403 and nothing is stored", async ({
    request,
  }) => {
    const slug = unique("viewer-try");
    const res = await request.post("/api/v1/models", {
      headers: bearer("viewer"),
      data: { slug, name: "Nope" },
    });
    expect(res.status()).toBe(403);
    expect((await problemOf(res, 403)).status).toBe(403);
    const check = await request.get(`/api/v1/models/${slug}`, { headers: bearer("viewer") });
    expect(check.status()).toBe(404);
  });

  test("POST /api/v1/models – an editor's token creates (201) and the audit log records it", async ({
    request,
  }) => {
    const slug = unique("churn");
    const res = await request.post("/api/v1/models", {
      headers: bearer("editor"),
      data: {
        slug,
        name: "Churn classifier",
        taskType: "classification",
        tags: ["tabular"],
        riskLevel: "high",
      },
    });
    expect(res.status()).toBe(201);
    const model = await parsed(res, modelEndpoints.create);
    expect(model).toMatchObject({
      slug,
      name: "Churn classifier",
      riskLevel: "high",
      archived: false,
      latestVersion: null,
    });
    expect(model.owner?.email).toBe("editor@modelgate.dev");

    const audit = await request.get(`/api/v1/audit?entity=model:${model.id}`, {
      headers: bearer("viewer"),
    });
    expect(audit.status()).toBe(200);
    const events = (await parsed(audit, auditEndpoints.list)).items;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "model.create",
      entityType: "model",
      entityId: model.id,
    });
    expect(events[0].actor.label).toBe("editor@modelgate.dev");
    // Token names are for admins (and the token's owner); a viewer learns only that a token was used.
    expect(events[0].actor.token).toBe("API token");
    const asAdmin = (
      await parsed(
        await request.get(`/api/v1/audit?entity=model:${model.id}`, { headers: bearer("admin") }),
        auditEndpoints.list,
      )
    ).items;
    expect(asAdmin[0].actor.token).toContain("e2e-editor");
    expect(events[0].after).toMatchObject({ slug });
  });

  test("POST /api/v1/models – a malformed body gets 400 listing every bad field, and stores nothing", async ({
    request,
  }) => {
    const res = await request.post("/api/v1/models", {
      headers: bearer("editor"),
      data: { slug: "Bad Slug!", name: "", riskLevel: "extreme", tags: ["ok", ""], surprise: 1 },
    });
    expect(res.status()).toBe(400);
    const body = await problemOf(res, 400);
    const paths = body.errors?.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["slug", "name", "riskLevel", "tags.1"]));
    expect(body.errors?.some((e: { message: string }) => /surprise/.test(e.message))).toBe(true);
    const list = await request.get("/api/v1/models?q=Bad%20Slug", { headers: bearer("viewer") });
    expect((await parsed(list, modelEndpoints.list)).items).toHaveLength(0);
  });

  test("POST /api/v1/models – malformed JSON is a 400, not a 500", async ({ request }) => {
    const res = await request.post("/api/v1/models", {
      headers: { ...bearer("editor"), "Content-Type": "application/json" },
      data: Buffer.from('{"slug": "x",'),
    });
    expect(res.status()).toBe(400);
    expect((await problemOf(res, 400)).detail).toMatch(/Malformed JSON/);
  });

  test("POST /api/v1/models – wrong content type gets 415", async ({ request }) => {
    const res = await request.post("/api/v1/models", {
      headers: { ...bearer("editor"), "Content-Type": "text/plain" },
      data: "slug=x",
    });
    expect(res.status()).toBe(415);
  });

  test("POST /api/v1/models – an oversized body gets 413", async ({ request }) => {
    const res = await request.post("/api/v1/models", {
      headers: bearer("editor"),
      data: { slug: unique("big"), name: "Big", description: "x".repeat(2 * 1024 * 1024) },
    });
    expect(res.status()).toBe(413);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
  });

  test("POST /api/v1/models – a duplicate slug gets 409", async ({ request }) => {
    const slug = unique("dup");
    expect(
      (
        await request.post("/api/v1/models", {
          headers: bearer("editor"),
          data: { slug, name: "One" },
        })
      ).status(),
    ).toBe(201);
    const again = await request.post("/api/v1/models", {
      headers: bearer("editor"),
      data: { slug, name: "Two" },
    });
    expect(again.status()).toBe(409);
  });

  test("GET /api/v1/models – keyset pagination walks every model once", async ({ request }) => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: APIResponse = await request.get(
        `/api/v1/models?limit=2&sort=name${cursor ? `&cursor=${cursor}` : ""}`,
        { headers: bearer("viewer") },
      );
      expect(res.status()).toBe(200);
      const page = await parsed(res, modelEndpoints.list);
      for (const m of page.items) {
        expect(seen.has(m.slug)).toBe(false);
        seen.add(m.slug);
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen.has("seattle-weather")).toBe(true);
    expect(pages).toBeGreaterThan(1);
  });

  test("GET /api/v1/models – a bad query parameter is a 400 naming it", async ({ request }) => {
    const res = await request.get("/api/v1/models?limit=100000&risk=extreme", {
      headers: bearer("viewer"),
    });
    expect(res.status()).toBe(400);
    const paths = (await problemOf(res, 400)).errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["query.limit", "query.risk"]));
  });

  test("DELETE /api/v1/models/{slug} – archives rather than deletes", async ({ request }) => {
    const slug = unique("old");
    await request.post("/api/v1/models", {
      headers: bearer("editor"),
      data: { slug, name: "Old" },
    });
    const res = await request.delete(`/api/v1/models/${slug}`, { headers: bearer("editor") });
    expect(res.status()).toBe(200);
    expect((await parsed(res, modelEndpoints.archive)).archived).toBe(true);
    const still = await request.get(`/api/v1/models/${slug}`, { headers: bearer("viewer") });
    expect((await parsed(still, modelEndpoints.get)).archived).toBe(true);
  });
});

test("unknown /api/v1 routes answer problem+json 404", async ({ request }) => {
  const res = await request.get("/api/v1/does-not-exist", { headers: bearer("viewer") });
  expect(res.status()).toBe(404);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
});
