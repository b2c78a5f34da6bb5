import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, type Page, expect, test } from "@playwright/test";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { bearer, signIn, unique } from "../support/fixtures";
import { parsed } from "../support/api";

// The monitoring pages over real data: the spec pushes its own last hour of metrics and
// predictions, so it does not depend on the demo's monitoring data.

async function activeDeployment(
  request: APIRequestContext,
): Promise<{ id: string; modelName: string; version: number; targetName: string }> {
  const res = await request.get("/api/v1/deployments?status=active&model=seattle-weather", {
    headers: bearer("viewer"),
  });
  expect(res.status()).toBe(200);
  const items = (await parsed(res, deploymentEndpoints.list)).items;
  expect(items.length).toBeGreaterThan(0);
  // Production is the target other specs are least likely to roll back under us.
  return items.find((d) => d.target === "aws-prod") ?? items[0];
}

/** One point a minute over the last hour for latency, CPU and memory, plus a prediction every two minutes. */
async function pushLastHour(request: APIRequestContext, id: string) {
  const now = Date.now();
  const points = Array.from({ length: 60 }, (_, i) => {
    const ts = new Date(now - (60 - i) * 60_000 + 1234).toISOString();
    return [
      { name: "latency_ms", value: 20 + (i % 7) * 3, ts },
      { name: "cpu_percent", value: 35 + (i % 5) * 4, ts },
      { name: "memory_mb", value: 400 + (i % 3) * 10, ts },
    ];
  }).flat();
  const metrics = await request.post(`/api/v1/deployments/${id}/metrics`, {
    headers: bearer("editor"),
    data: { points },
  });
  expect(metrics.status()).toBe(202);
  const run = unique("e2e-ui");
  const records = Array.from({ length: 30 }, (_, i) => ({
    id: `${run}-${i}`,
    ts: new Date(now - (60 - i * 2) * 60_000).toISOString(),
    features: { temp_max: 12 + i / 10, precipitation: i % 4 },
    prediction: i % 3 ? "rain" : "sun",
    confidence: 0.5 + (i % 5) / 10,
    latencyMs: 15 + i,
    ...(i % 2 ? { label: "rain" } : {}),
    ...(i === 7 ? { error: "e2e: feature out of range" } : {}),
  }));
  const predictions = await request.post(`/api/v1/deployments/${id}/predictions`, {
    headers: bearer("editor"),
    data: { records },
  });
  expect(predictions.status()).toBe(202);
}

async function noSeriousAxeViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(serious.map((v) => `${where}: ${v.id} – ${v.nodes[0]?.target}`)).toEqual([]);
}

test("monitoring – the page of a demo deployment draws its charts, and changing the range updates the URL and the charts", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const deployment = await activeDeployment(request);
  await pushLastHour(request, deployment.id);

  await signIn(page, "viewer");
  await page.goto(`/deployments/${deployment.id}?range=1h`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(deployment.modelName);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(deployment.targetName);

  const latency = page.getByTestId("chart-latency");
  // Six charts fetch at once on first load: give the first one time on a busy machine.
  await expect(latency.locator(".recharts-surface").first()).toBeVisible({ timeout: 30_000 });
  await expect(latency.locator("path.recharts-line-curve").first()).toBeVisible();
  await expect(
    page.getByTestId("chart-throughput").locator(".recharts-surface").first(),
  ).toBeVisible();
  await expect(
    page.getByTestId("chart-resources").locator("path.recharts-line-curve").first(),
  ).toBeVisible();
  await expect(
    page.getByTestId("chart-confidence").locator(".recharts-bar-rectangle").first(),
  ).toBeVisible();
  const ranges = page.getByRole("group", { name: "Time range" });
  await expect(ranges.getByRole("button", { name: "Last 1 h" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  await noSeriousAxeViolations(page, "deployment charts");

  // A new range: the URL changes and the charts ask the API again for that range.
  const refetched = page.waitForResponse(
    (r) =>
      r.url().includes(`/api/v1/deployments/${deployment.id}/metrics`) &&
      r.url().includes("range=7d") &&
      r.ok(),
  );
  await ranges.getByRole("button", { name: "Last 7 d" }).click();
  await refetched;
  await expect(page).toHaveURL(/[?&]range=7d\b/);
  await expect(ranges.getByRole("button", { name: "Last 7 d" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(latency.locator("path.recharts-line-curve").first()).toBeVisible();
  await expect(latency).not.toHaveAttribute("aria-busy", "true");

  // The inference log shows what was pushed, newest first, and opens one record.
  await page.getByRole("link", { name: "Inference log" }).click();
  await expect(page).toHaveURL(/view=log/);
  await page.getByLabel("Error", { exact: true }).selectOption("true");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/hasError=true/);
  const failed = page.getByRole("row").filter({ hasText: "e2e: feature out of range" });
  await expect(failed.first()).toBeVisible();
  await failed.first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Prediction");
  await expect(page.getByRole("cell", { name: "temp_max" })).toBeVisible();
});

test("monitoring – the fleet lists every active deployment with its health and links to its page", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const deployment = await activeDeployment(request);
  await signIn(page, "viewer");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Monitoring" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Monitoring" })).toBeVisible({
    timeout: 20_000,
  });
  const link = page.locator(`a[href="/deployments/${deployment.id}"]`);
  await expect(link).toBeVisible();
  const row = page.getByRole("row").filter({ has: link });
  await expect(row).toContainText(deployment.targetName);
  await expect(row.getByText(/healthy|warning|critical|no data/).first()).toBeVisible();

  await page.getByRole("link", { name: "Last 30 d" }).click();
  await expect(page).toHaveURL(/range=30d/);
  await expect(page.getByRole("link", { name: "Last 30 d" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await noSeriousAxeViolations(page, "fleet");

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${deployment.id}`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(deployment.modelName);
});
