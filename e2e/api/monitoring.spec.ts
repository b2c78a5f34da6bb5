import { type APIRequestContext, expect, test } from "@playwright/test";
import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { parsed, problemOf } from "../support/api";
import { bearer, unique } from "../support/fixtures";

// Ingestion over real HTTP: limits, all-or-nothing, idempotency, dedupe, predictions and labels.

async function activeDeployment(request: APIRequestContext): Promise<string> {
  const res = await request.get("/api/v1/deployments?status=active&model=seattle-weather", {
    headers: bearer("viewer"),
  });
  expect(res.status()).toBe(200);
  return (await parsed(res, deploymentEndpoints.list)).items[0].id;
}

const push = (
  request: APIRequestContext,
  id: string,
  data: unknown,
  headers: Record<string, string> = {},
) =>
  request.post(`/api/v1/deployments/${id}/metrics`, {
    headers: { ...bearer("editor"), ...headers },
    data,
  });

async function stored(request: APIRequestContext, id: string, name: string) {
  const res = await request.get(
    `/api/v1/deployments/${id}/metrics?name=${name}&range=24h&buckets=1`,
    { headers: bearer("viewer") },
  );
  expect(res.status()).toBe(200);
  const body = await parsed(res, monitoringEndpoints.readMetrics);
  return body.points.reduce((a: number, p: { count: number }) => a + p.count, 0);
}

test.describe("metric ingestion API", () => {
  test("10,000 points are accepted; 10,001 are refused and nothing is stored", async ({
    request,
  }) => {
    const id = await activeDeployment(request);
    const name = unique("e2e_limit").replaceAll("-", "_");
    const t0 = Date.now() - 3_600_000;
    const points = (n: number, metric: string) =>
      Array.from({ length: n }, (_, i) => ({
        name: metric,
        value: i % 97,
        ts: new Date(t0 + i * 100).toISOString(),
      }));
    const ok = await push(request, id, { points: points(10_000, name) });
    expect(ok.status()).toBe(202);
    expect(await parsed(ok, monitoringEndpoints.pushMetrics)).toEqual({
      accepted: 10_000,
      duplicates: 0,
    });
    const over = await push(request, id, { points: points(10_001, `${name}_over`) });
    expect(over.status()).toBe(400);
    expect((await problemOf(over, 400)).errors?.[0]).toMatchObject({ path: "points" });
    expect(await stored(request, id, name)).toBe(10_000);
    expect(await stored(request, id, `${name}_over`)).toBe(0);
  });

  test("one bad point refuses the whole batch, listing every problem", async ({ request }) => {
    const id = await activeDeployment(request);
    const name = unique("e2e_bad").replaceAll("-", "_");
    const now = Date.now();
    const res = await push(request, id, {
      points: [
        { name, value: 1, ts: new Date(now - 1000).toISOString() },
        { name, value: "fast" },
        { name, value: 2, ts: new Date(now + 2 * 86_400_000).toISOString() },
        { name: "no spaces allowed", value: 3 },
        { name, value: 1e999 },
        { name, value: 4, ts: "yesterday" },
      ],
    });
    expect(res.status()).toBe(400);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    const paths = (await problemOf(res, 400)).errors?.map((e: { path: string }) => e.path);
    expect(paths).toEqual([
      "points.1.value",
      "points.2.ts",
      "points.3.name",
      "points.4.value",
      "points.5.ts",
    ]);
    expect(await stored(request, id, name)).toBe(0);

    const unknown = await push(request, "no-such-deployment", { points: [{ name, value: 1 }] });
    expect(unknown.status()).toBe(404);
    const wrongType = await request.post(`/api/v1/deployments/${id}/metrics`, {
      headers: { ...bearer("editor"), "Content-Type": "text/plain" },
      data: "x",
    });
    expect(wrongType.status()).toBe(415);
    const viewer = await request.post(`/api/v1/deployments/${id}/metrics`, {
      headers: bearer("viewer"),
      data: { points: [{ name, value: 1 }] },
    });
    expect(viewer.status()).toBe(403);
  });

  test("Idempotency-Key: a retry returns the first response and stores nothing twice; another body is refused", async ({
    request,
  }) => {
    const id = await activeDeployment(request);
    const name = unique("e2e_idem").replaceAll("-", "_");
    const key = unique("key");
    const t = Date.now() - 60_000;
    const body = {
      points: [0, 1, 2].map((i) => ({ name, value: i, ts: new Date(t + i).toISOString() })),
    };
    const first = await push(request, id, body, { "Idempotency-Key": key });
    expect(first.status()).toBe(202);
    const retry = await push(request, id, body, { "Idempotency-Key": key });
    expect(retry.status()).toBe(202);
    expect(retry.headers()["idempotent-replayed"]).toBe("true");
    expect(await parsed(retry, monitoringEndpoints.pushMetrics)).toEqual(
      await parsed(first, monitoringEndpoints.pushMetrics),
    );
    expect(await stored(request, id, name)).toBe(3);
    const other = await push(
      request,
      id,
      { points: [{ name, value: 9 }] },
      { "Idempotency-Key": key },
    );
    expect(other.status()).toBe(422);
    // Without a key, the same points are deduplicated on (deployment, name, ts).
    const again = await push(request, id, body);
    expect(await parsed(again, monitoringEndpoints.pushMetrics)).toEqual({
      accepted: 0,
      duplicates: 3,
    });
    expect(await stored(request, id, name)).toBe(3);
  });

  test("predictions: pushed, labelled later, listed newest first", async ({ request }) => {
    const id = await activeDeployment(request);
    const tag = unique("req");
    const t = Date.now() - 120_000;
    const records = [0, 1, 2].map((i) => ({
      id: `${tag}-${i}`,
      ts: new Date(t + i * 1000).toISOString(),
      features: { temp_max: 20 + i, wind: 3.5 },
      prediction: "sun",
      confidence: 0.9,
      latencyMs: 12.5,
    }));
    const res = await request.post(`/api/v1/deployments/${id}/predictions`, {
      headers: bearer("editor"),
      data: { records },
    });
    expect(res.status()).toBe(202);
    expect(await parsed(res, monitoringEndpoints.pushPredictions)).toEqual({
      accepted: 3,
      duplicates: 0,
    });
    const bad = await request.post(`/api/v1/deployments/${id}/predictions`, {
      headers: bearer("editor"),
      data: { records: [{ features: {}, prediction: 1, confidence: 1.5 }, { prediction: 2 }] },
    });
    expect((await problemOf(bad)).errors?.map((e: { path: string }) => e.path)).toEqual([
      "records.0.confidence",
      "records.1.features",
    ]);

    const label = await request.patch(`/api/v1/deployments/${id}/predictions/${tag}-1`, {
      headers: bearer("editor"),
      data: { label: "rain" },
    });
    expect(label.status()).toBe(200);
    expect(await parsed(label, monitoringEndpoints.labelPrediction)).toMatchObject({
      id: `${tag}-1`,
      label: "rain",
      correct: false,
    });
    expect(
      (
        await request.patch(`/api/v1/deployments/${id}/predictions/${tag}-9`, {
          headers: bearer("editor"),
          data: { label: "x" },
        })
      ).status(),
    ).toBe(404);

    const log = await request.get(
      `/api/v1/deployments/${id}/predictions?from=${encodeURIComponent(new Date(t - 1).toISOString())}&hasLabel=true&limit=50`,
      {
        headers: bearer("viewer"),
      },
    );
    const ids = (await parsed(log, monitoringEndpoints.listPredictions)).items.map(
      (i: { id: string }) => i.id,
    );
    expect(ids).toContain(`${tag}-1`);
    expect(ids).not.toContain(`${tag}-0`);
  });
});
