import { expect, test } from "@playwright/test";
import { systemEndpoints } from "@/lib/endpoints/system";
import { parsed } from "../support/api";
import { METRICS_TOKEN, bearer } from "../support/fixtures";

test("GET /api/health – ok with the database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await parsed(res, systemEndpoints.health)).toMatchObject({ status: "ok", db: "ok" });
});

test("GET /api/metrics – Prometheus text with request counts and durations", async ({
  request,
}) => {
  await request.get("/api/v1/models", { headers: bearer("viewer") });
  const res = await request.get("/api/metrics", {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).toContain(
    'modelgate_http_requests_total{method="GET",route="/api/v1/models",status="200"',
  );
  expect(text).toContain("modelgate_http_request_duration_seconds_bucket");
});

test("GET /api/v1/openapi.json – public, OpenAPI 3.1", async ({ request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await parsed(res, systemEndpoints.openapi);
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.paths).toHaveProperty(["/api/v1/models"]);
});
