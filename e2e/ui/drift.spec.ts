import { type APIRequestContext, expect, test } from "@playwright/test";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { bearer, signIn } from "../support/fixtures";
import { parsed } from "../support/api";

// The drift page over the demo's data: the seed gives seattle-weather v2 reference data and a
// drift episode between 14 and 10 days ago (temp_max, temp_min and wind shifted up), with daily
// drift reports over the last 30 days.

async function prodDeployment(
  request: APIRequestContext,
): Promise<{ id: string; modelName: string; targetName: string }> {
  const res = await request.get("/api/v1/deployments?status=active&model=seattle-weather", {
    headers: bearer("viewer"),
  });
  expect(res.status()).toBe(200);
  const items = (await parsed(res, deploymentEndpoints.list)).items;
  const prod = items.find((d) => d.target === "aws-prod");
  expect(prod, "the demo deploys seattle-weather on aws-prod").toBeTruthy();
  return prod!;
}

test("the drift page of the demo's drift episode shows the drifted features and their histograms", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const deployment = await prodDeployment(request);
  const day = 86_400_000;
  const now = Date.now();
  const from = new Date(now - 14 * day).toISOString();
  const to = new Date(now - 10 * day).toISOString();

  await signIn(page, "viewer");
  await page.goto(
    `/deployments/${deployment.id}/drift?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
  );
  await expect(page.getByRole("heading", { level: 1 })).toContainText(deployment.modelName);
  await expect(
    page.getByRole("navigation", { name: "Monitoring views" }).getByRole("link", { name: "Drift" }),
  ).toHaveAttribute("aria-current", "page");

  // The banner: the dataset drifted in the episode.
  const banner = page.getByTestId("drift-banner");
  await expect(banner).toContainText("Dataset drift detected", { timeout: 20_000 });

  // temp_max is marked drifted, with its score against the threshold.
  const row = page.getByTestId("feature-row-temp_max");
  await expect(row).toHaveAttribute("data-drifted", "true");
  await expect(row.getByText("drifted", { exact: true })).toBeVisible();
  await expect(row).toContainText(/≥|<|≤/);

  // Select it (by keyboard): the URL and the histogram follow.
  const button = row.getByRole("button", { name: /temp_max/ });
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/feature=temp_max/);
  const histogram = page.getByTestId("drift-histogram");
  await expect(page.getByRole("heading", { name: "Distribution of temp_max" })).toBeVisible();
  await expect(histogram.locator(".recharts-bar")).toHaveCount(2);
  await expect(histogram.locator(".recharts-legend-wrapper")).toContainText("Reference");
  await expect(histogram.locator(".recharts-legend-wrapper")).toContainText("Current");
  expect(await histogram.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(4);

  // The last 30 days: the score over time, with its threshold line.
  await page
    .getByRole("group", { name: "Time range" })
    .getByRole("button", { name: /30 d/ })
    .click();
  await expect(page).toHaveURL(/range=30d/);
  await expect(page).toHaveURL(/feature=temp_max/);
  const history = page.getByTestId("drift-score-history");
  await expect(
    page.getByRole("heading", { name: "Drift score of temp_max over time" }),
  ).toBeVisible();
  const chart = history.locator("div[role=img]");
  await expect(chart).toHaveAttribute(
    "aria-label",
    /^Drift score of temp_max \((distance|p-value)\) in \d+ reports/,
  );
  // The 30-day reports replace the four-day range's (which stay on screen, dimmed, while they load).
  await expect
    .poll(
      async () =>
        Number((await chart.getAttribute("aria-label"))?.match(/in (\d+) reports/)?.[1] ?? 0),
      { timeout: 20_000 },
    )
    .toBeGreaterThan(4);
  await expect(history.locator(".recharts-line-curve")).toBeVisible();
  await expect(history.locator(".recharts-reference-line")).toHaveCount(1);
  await expect(
    page.getByTestId("drift-share-history").locator(".recharts-line-curve"),
  ).toBeVisible();
});
