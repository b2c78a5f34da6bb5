import { expect, test } from "@playwright/test";
import { auditEndpoints } from "@/lib/endpoints/audit";
import { modelEndpoints } from "@/lib/endpoints/models";
import { versionEndpoints } from "@/lib/endpoints/versions";
import { parsed, problemOf } from "../support/api";
import { bearer, unique } from "../support/fixtures";

async function newModel(request: import("@playwright/test").APIRequestContext) {
  const slug = unique("ver");
  const res = await request.post("/api/v1/models", {
    headers: bearer("editor"),
    data: { slug, name: "Versioned" },
  });
  expect(res.status()).toBe(201);
  return slug;
}

test.describe("/api/v1/models/{slug}/versions", () => {
  test("POST – registers, then GET reads it with checklist and requirement checks", async ({
    request,
  }) => {
    const slug = await newModel(request);
    const put = await request.put(`/api/v1/models/${slug}/requirements`, {
      headers: bearer("editor"),
      data: {
        latencyP95Ms: 80,
        throughputRps: 100,
        minMetricName: "auc",
        minMetricValue: 0.8,
        dataSensitivity: "confidential",
      },
    });
    expect(put.status()).toBe(200);
    const res = await request.post(`/api/v1/models/${slug}/versions`, {
      headers: bearer("editor"),
      data: {
        artifactUri: `s3://ml/${slug}/1/model.onnx`,
        format: "onnx",
        sizeBytes: 1234,
        sha256: "A".repeat(64),
        gitCommit: "0123abc",
        evalMetrics: { auc: 0.83 },
        optimization: { technique: "pruning", sizeBytesBefore: 2000, sizeBytesAfter: 1234 },
        modelCard: "# Card",
      },
    });
    expect(res.status()).toBe(201);
    const v = await parsed(res, versionEndpoints.register);
    expect(v).toMatchObject({
      model: slug,
      version: 1,
      sha256: "a".repeat(64),
      stage: "development",
      sizeBytes: 1234,
    });
    const got = await parsed(
      await request.get(`/api/v1/models/${slug}/versions/1`, { headers: bearer("viewer") }),
      versionEndpoints.get,
    );
    expect(got.checklist.total).toBeGreaterThan(10);
    expect(got.requirementChecks).toEqual([
      { name: "auc", rule: ">=", target: 0.8, actual: 0.83, passed: true },
    ]);
    const model = await parsed(
      await request.get(`/api/v1/models/${slug}`, { headers: bearer("viewer") }),
      modelEndpoints.get,
    );
    expect(model.latestVersion).toEqual({ version: 1, stage: "development" });
    expect(model.requirements?.latencyP95Ms).toBe(80);
  });

  test("POST – 20 concurrent registrations get 1..20", async ({ request }) => {
    const slug = await newModel(request);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request.post(`/api/v1/models/${slug}/versions`, {
          headers: bearer("editor"),
          data: { artifactUri: `gs://b/${slug}/${i}` },
        }),
      ),
    );
    expect(responses.map((r) => r.status())).toEqual(Array(20).fill(201));
    const numbers = (
      await Promise.all(responses.map((r) => parsed(r, versionEndpoints.register, 201)))
    )
      .map((v) => v.version)
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  test("POST – bad artifact URI, sha256 and metrics are all listed in one 400, and nothing is stored", async ({
    request,
  }) => {
    const slug = await newModel(request);
    const res = await request.post(`/api/v1/models/${slug}/versions`, {
      headers: { ...bearer("editor"), "Content-Type": "application/json" },
      // Sent raw: 1e999 is how Infinity arrives in JSON.
      data: Buffer.from(
        `{"artifactUri":"s3://bucket/../../etc/passwd","sha256":"xyz","evalMetrics":{"accuracy":1e999,"f1":"high"}}`,
      ),
    });
    expect(res.status()).toBe(400);
    const paths = (await problemOf(res, 400)).errors?.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(["artifactUri", "sha256", "evalMetrics.accuracy", "evalMetrics.f1"]),
    );
    const list = await parsed(
      await request.get(`/api/v1/models/${slug}/versions`, { headers: bearer("viewer") }),
      versionEndpoints.list,
    );
    expect(list.items).toHaveLength(0);
  });

  test("POST – schemes, fragments and control characters are refused", async ({ request }) => {
    const slug = await newModel(request);
    for (const artifactUri of [
      "ftp://x/y",
      "https://h/m#frag",
      "s3://b/a\u0007b",
      "file:///etc/passwd",
      "https://u:p@h/m",
    ]) {
      const res = await request.post(`/api/v1/models/${slug}/versions`, {
        headers: bearer("editor"),
        data: { artifactUri },
      });
      expect(res.status(), artifactUri).toBe(400);
    }
  });

  test("POST and PATCH – the serving image is stored, shown, changed and cleared; a malformed one is a 400 naming it", async ({
    request,
  }) => {
    const slug = await newModel(request);
    const image = `ghcr.io/acme/${slug}:1.4@sha256:${"ab".repeat(32)}`;
    const v = await parsed(
      await request.post(`/api/v1/models/${slug}/versions`, {
        headers: bearer("editor"),
        data: { artifactUri: "s3://b/k", image },
      }),
      versionEndpoints.register,
    );
    expect(v.image).toBe(image);
    const got = await parsed(
      await request.get(`/api/v1/models/${slug}/versions/1`, { headers: bearer("viewer") }),
      versionEndpoints.get,
    );
    expect(got.image).toBe(image);
    const changed = await request.patch(`/api/v1/models/${slug}/versions/1`, {
      headers: bearer("editor"),
      data: { image: `ghcr.io/acme/${slug}:1.5` },
    });
    expect((await parsed(changed, versionEndpoints.update)).image).toBe(`ghcr.io/acme/${slug}:1.5`);
    const cleared = await request.patch(`/api/v1/models/${slug}/versions/1`, {
      headers: bearer("editor"),
      data: { image: null },
    });
    expect((await parsed(cleared, versionEndpoints.update)).image).toBeNull();

    const bad = await request.post(`/api/v1/models/${slug}/versions`, {
      headers: bearer("editor"),
      data: { artifactUri: "s3://b/k", image: "acme/churn:1.4" },
    });
    const problem = await problemOf(bad, 400);
    expect(problem.errors).toEqual([
      expect.objectContaining({
        path: "image",
        message: expect.stringContaining("must start with a registry host"),
      }),
    ]);
  });

  test("POST – a viewer gets 403, an unknown model 404", async ({ request }) => {
    const slug = await newModel(request);
    expect(
      (
        await request.post(`/api/v1/models/${slug}/versions`, {
          headers: bearer("viewer"),
          data: { artifactUri: "s3://b/k" },
        })
      ).status(),
    ).toBe(403);
    expect(
      (
        await request.post(`/api/v1/models/${unique("none")}/versions`, {
          headers: bearer("editor"),
          data: { artifactUri: "s3://b/k" },
        })
      ).status(),
    ).toBe(404);
  });

  test("PATCH – reports metrics (merged), refuses artifact changes, audits", async ({
    request,
  }) => {
    const slug = await newModel(request);
    const v = await parsed(
      await request.post(`/api/v1/models/${slug}/versions`, {
        headers: bearer("editor"),
        data: { artifactUri: "s3://b/k", evalMetrics: { a: 1 } },
      }),
      versionEndpoints.register,
    );
    const res = await request.patch(`/api/v1/models/${slug}/versions/1`, {
      headers: bearer("editor"),
      data: { evalMetrics: { b: 2 }, trainingData: "s3://data/train.parquet" },
    });
    expect(res.status()).toBe(200);
    expect((await parsed(res, versionEndpoints.update)).evalMetrics).toEqual({ a: 1, b: 2 });
    const refused = await request.patch(`/api/v1/models/${slug}/versions/1`, {
      headers: bearer("editor"),
      data: { artifactUri: "s3://b/other" },
    });
    expect(refused.status()).toBe(400);
    const audit = await parsed(
      await request.get(`/api/v1/audit?entity=model_version:${v.id}`, {
        headers: bearer("viewer"),
      }),
      auditEndpoints.list,
    );
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      "model_version.update",
      "model_version.create",
    ]);
  });

  test("GET – lists newest first with cursor pages; bad version number is 400, missing is 404", async ({
    request,
  }) => {
    const slug = await newModel(request);
    for (let i = 0; i < 3; i++)
      await request.post(`/api/v1/models/${slug}/versions`, {
        headers: bearer("editor"),
        data: { artifactUri: `s3://b/${i}` },
      });
    const page1 = await parsed(
      await request.get(`/api/v1/models/${slug}/versions?limit=2`, { headers: bearer("viewer") }),
      versionEndpoints.list,
    );
    expect(page1.items.map((v: { version: number }) => v.version)).toEqual([3, 2]);
    const page2 = await parsed(
      await request.get(`/api/v1/models/${slug}/versions?limit=2&cursor=${page1.nextCursor}`, {
        headers: bearer("viewer"),
      }),
      versionEndpoints.list,
    );
    expect(page2.items.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(
      (
        await request.get(`/api/v1/models/${slug}/versions/abc`, { headers: bearer("viewer") })
      ).status(),
    ).toBe(400);
    expect(
      (
        await request.get(`/api/v1/models/${slug}/versions/99`, { headers: bearer("viewer") })
      ).status(),
    ).toBe(404);
  });

  test("GET compare – deltas against the first; 2 to 4 versions only", async ({ request }) => {
    const slug = await newModel(request);
    await request.post(`/api/v1/models/${slug}/versions`, {
      headers: bearer("editor"),
      data: { artifactUri: "s3://b/1", evalMetrics: { accuracy: 0.8 } },
    });
    await request.post(`/api/v1/models/${slug}/versions`, {
      headers: bearer("editor"),
      data: { artifactUri: "s3://b/2", evalMetrics: { accuracy: 0.9 } },
    });
    const res = await request.get(`/api/v1/models/${slug}/compare?versions=1,2`, {
      headers: bearer("viewer"),
    });
    expect(res.status()).toBe(200);
    const c = await parsed(res, versionEndpoints.compare);
    expect(c.metrics[0].name).toBe("accuracy");
    expect(c.metrics[0].values[1].delta).toBeCloseTo(0.1, 10);
    expect(
      (
        await request.get(`/api/v1/models/${slug}/compare?versions=1`, {
          headers: bearer("viewer"),
        })
      ).status(),
    ).toBe(400);
    expect(
      (
        await request.get(`/api/v1/models/${slug}/compare?versions=1,2,3,4,5`, {
          headers: bearer("viewer"),
        })
      ).status(),
    ).toBe(400);
    expect(
      (
        await request.get(`/api/v1/models/${slug}/compare?versions=1,9`, {
          headers: bearer("viewer"),
        })
      ).status(),
    ).toBe(404);
  });

  test("PUT requirements – metric name and minimum together; viewer 403", async ({ request }) => {
    const slug = await newModel(request);
    const bad = await request.put(`/api/v1/models/${slug}/requirements`, {
      headers: bearer("editor"),
      data: { minMetricName: "f1", maxErrorRate: 2 },
    });
    expect(bad.status()).toBe(400);
    const paths = (await problemOf(bad, 400)).errors?.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["minMetricValue", "maxErrorRate"]));
    expect(
      (
        await request.put(`/api/v1/models/${slug}/requirements`, {
          headers: bearer("viewer"),
          data: {},
        })
      ).status(),
    ).toBe(403);
  });

  test("GET /api/v1/models – filters by stage, task and framework", async ({ request }) => {
    const slug = await newModel(request);
    await request.patch(`/api/v1/models/${slug}`, {
      headers: bearer("editor"),
      data: { taskType: "ranking", framework: "CatBoost" },
    });
    await request.post(`/api/v1/models/${slug}/versions`, {
      headers: bearer("editor"),
      data: { artifactUri: "s3://b/1" },
    });
    const res = await request.get(
      `/api/v1/models?stage=development&task=ranking&framework=catboost&q=${slug}`,
      { headers: bearer("viewer") },
    );
    const items = (await parsed(res, modelEndpoints.list)).items;
    expect(items.map((m: { slug: string }) => m.slug)).toEqual([slug]);
    expect(items[0].checklist?.total).toBeGreaterThan(0);
    const none = await request.get(`/api/v1/models?stage=production&q=${slug}`, {
      headers: bearer("viewer"),
    });
    expect((await parsed(none, modelEndpoints.list)).items).toHaveLength(0);
  });
});
