import { type APIRequestContext, expect, test } from "@playwright/test";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { parsed } from "../support/api";
import { bearer, signIn } from "../support/fixtures";

// What the demo shows of the monitoring loop (prisma/demo/retraining.ts): penguin-species's
// answers got worse five days ago with its inputs unchanged (concept drift, a retraining request
// open), seattle-weather v3 answered a request two weeks ago, flight-delay's requests lost
// their distance in the last two days (a data quality warning).

async function deploymentOf(request: APIRequestContext, model: string) {
  const res = await request.get(`/api/v1/deployments?status=active&model=${model}`, {
    headers: bearer("viewer"),
  });
  const items = (await parsed(res, deploymentEndpoints.list)).items;
  expect(items.length, `the demo deploys ${model}`).toBeGreaterThan(0);
  return items[0];
}

test("the model page shows the retraining loop: the open request, the closed one, the policy", async ({
  page,
}) => {
  await signIn(page, "editor");
  await page.goto("/models/penguin-species");
  const open = page.getByTestId("retraining-request").first();
  await expect(open).toContainText(
    /Retraining requested because of concept drift detected on \d{4}-\d\d-\d\d on /,
  );
  await open.getByText(/Evidence \(\d+\)/).click();
  await expect(open).toContainText(/detected a rise of the error rate to/);
  await expect(page.getByTestId("retraining-policy")).toContainText("On: concept drift");

  // The editor narrows the policy to concept drift alone.
  await page.getByRole("button", { name: "Change policy" }).click();
  const form = page.getByRole("form", { name: "Retraining policy" });
  for (const name of [
    "Dataset drift",
    "Estimated performance below the requirement",
    "Accuracy below the requirement",
  ])
    await form.getByRole("checkbox", { name }).uncheck();
  await form.getByLabel("Cooldown (hours)").fill("48");
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByTestId("retraining-policy")).toHaveText(
    "On: concept drift; at most one request every 48 h.",
  );

  await page.goto("/models/seattle-weather");
  await expect(page.getByTestId("retraining-request").first()).toContainText(
    /^closed ?v3 was trained because of dataset drift detected on \d{4}-\d\d-\d\d on AWS production/,
  );
});

test("a deployment's page draws estimated against realized accuracy, and the detectors' signals", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const penguins = await deploymentOf(request, "penguin-species");
  await signIn(page, "viewer");
  await page.goto(`/deployments/${penguins.id}?range=7d`);
  const concept = page.getByTestId("chart-concept-drift");
  await expect(concept.locator("div[role=img]")).toHaveAttribute(
    "aria-label",
    /Labelled error rate between .+; .*(DDM|Page-Hinkley|ADWIN).* drift at /,
    { timeout: 20_000 },
  );
  await expect(page.getByLabel("Detectors")).toContainText("drift");
  const estimated = page.getByTestId("chart-estimated-accuracy");
  await expect(estimated.locator(".recharts-legend-wrapper")).toContainText("Estimated", {
    timeout: 20_000,
  });
  await expect(estimated.locator(".recharts-legend-wrapper")).toContainText("Realized");

  // flight-delay is a regression: no right-or-wrong outcomes to watch, and it says so.
  const flights = await deploymentOf(request, "flight-delay");
  await page.goto(`/deployments/${flights.id}?range=7d`);
  await expect(page.getByTestId("chart-concept-drift")).toContainText(
    "a regression model's outcomes are not",
  );
});

test("the drift page puts predictions first and flags a feature's data quality", async ({
  page,
  request,
}) => {
  const flights = await deploymentOf(request, "flight-delay");
  await signIn(page, "viewer");
  await page.goto(`/deployments/${flights.id}/drift?range=24h`);
  const distance = page.getByTestId("feature-row-distance");
  await expect(distance.getByText(/\d+ % missing/)).toBeVisible({ timeout: 20_000 });

  const penguins = await deploymentOf(request, "penguin-species");
  await page.goto(`/deployments/${penguins.id}/drift?range=7d`);
  const rows = page.locator("[data-testid^=feature-row-]");
  await expect(rows.first()).toHaveAttribute("data-testid", "feature-row-prediction", {
    timeout: 20_000,
  });
  await expect(rows.nth(1)).toHaveAttribute("data-testid", "feature-row-target");
  await expect(rows.first()).toContainText("model output");
});
