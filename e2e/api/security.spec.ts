import { expect, test } from "@playwright/test";
import { problemOf } from "../support/api";
import { METRICS_TOKEN, bearer } from "../support/fixtures";

// Browser protections on API responses too, next-auth's redirects stay on this site, and
// /api/metrics is closed without its token: the suite's server runs with METRICS_TOKEN set
// (playwright.config.ts). Without METRICS_TOKEN the endpoint is open (see README).

test("API responses – nosniff and a referrer policy, and no HSTS over plain http", async ({
  request,
}) => {
  for (const path of ["/api/health", "/api/v1/openapi.json", "/api/v1/models"]) {
    const res = await request.get(path);
    const headers = res.headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }
});

test("POST /api/auth/callback/credentials – a foreign callbackUrl comes back as this site's /models", async ({
  request,
  baseURL,
}) => {
  for (const callbackUrl of [
    "https://evil.example/models",
    "//evil.example",
    `${baseURL}//evil.example`,
    "/%5cevil.example",
  ]) {
    const csrf = await (await request.get("/api/auth/csrf")).json();
    const res = await request.post("/api/auth/callback/credentials", {
      form: {
        csrfToken: csrf.csrfToken,
        email: "viewer@modelgate.dev",
        password: "modelgate-demo",
        callbackUrl,
        json: "true",
      },
    });
    expect(res.ok()).toBe(true);
    expect((await res.json()).url, callbackUrl).toBe(`${baseURL}/models`);
  }
});

test("GET /api/auth/signin – next-auth's own redirect to the sign-in page keeps a foreign callbackUrl out", async ({
  request,
}) => {
  const res = await request.get("/api/auth/signin?callbackUrl=https%3A%2F%2Fevil.example%2F", {
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
  const location = res.headers()["location"];
  expect(location).toContain("/login");
  expect(decodeURIComponent(location)).not.toContain("evil.example");
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
    const body = await problemOf(res, 401);
    expect(body).toMatchObject({ status: 401 });
    expect(await res.text()).not.toContain("modelgate_http_requests_total");
  }
});

test("GET /api/metrics – 200 Prometheus text with `Authorization: Bearer <METRICS_TOKEN>`", async ({
  request,
}) => {
  const res = await request.get("/api/metrics", {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/plain");
  expect(await res.text()).toContain("modelgate_http_request_duration_seconds_bucket");
});
