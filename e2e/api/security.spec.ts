import { expect, test } from "@playwright/test";

// Browser protections on API responses too.

test("API responses – nosniff and a referrer policy, and no HSTS over plain http", async ({ request }) => {
  for (const path of ["/api/health", "/api/v1/openapi.json", "/api/v1/models"]) {
    const res = await request.get(path);
    const headers = res.headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }
});
