import { expect, test } from "@playwright/test";
import { METRICS_TOKEN, bearer } from "../support/fixtures";

// Browser protections on API responses too, and /api/metrics is closed without its token:
// the suite's server runs with METRICS_TOKEN set (playwright.config.ts). Without
// METRICS_TOKEN the endpoint is open (see README).

test("API responses – nosniff and a referrer policy, and no HSTS over plain http", async ({ request }) => {
  for (const path of ["/api/health", "/api/v1/openapi.json", "/api/v1/models"]) {
    const res = await request.get(path);
    const headers = res.headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }
});

test("GET /api/metrics – 401 problem+json without the metrics token", async ({ request }) => {
  const attempts: Record<string, string>[] = [
    {},
    { Authorization: "Bearer wrong-token-wrong-token" },
    { Authorization: METRICS_TOKEN },
    bearer("admin"),
  ];
  for (const headers of attempts) {
    const res = await request.get("/api/metrics", { headers });
    expect(res.status(), JSON.stringify(headers)).toBe(401);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    expect(res.headers()["www-authenticate"]).toMatch(/^Bearer/);
    const body = await res.json();
    expect(body).toMatchObject({ status: 401 });
    expect(await res.text()).not.toContain("modelgate_http_requests_total");
  }
});

test("GET /api/metrics – 200 Prometheus text with `Authorization: Bearer <METRICS_TOKEN>`", async ({ request }) => {
  const res = await request.get("/api/metrics", { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/plain");
  expect(await res.text()).toContain("modelgate_http_request_duration_seconds_bucket");
});
