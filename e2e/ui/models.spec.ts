import { expect, test } from "@playwright/test";
import { bearer, signIn, unique } from "../support/fixtures";

test("models – create in the UI, register versions through the API, see the stage, compare two versions", async ({
  page,
  request,
}) => {
  await signIn(page, "editor");
  const name = unique("Demand forecaster");
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  await page.getByRole("button", { name: "New model" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await expect(dialog.getByLabel("Slug")).toHaveValue(slug);
  await dialog.getByRole("button", { name: "Create model" }).click();
  await expect(dialog).toBeHidden();

  for (const [i, acc] of [0.81, 0.87].entries()) {
    const res = await request.post(`/api/v1/models/${slug}/versions`, {
      headers: bearer("editor"),
      data: {
        artifactUri: `s3://forecasts/${slug}/${i + 1}/model.onnx`,
        evalMetrics: { accuracy: acc, rmse: 3 - i },
      },
    });
    expect(res.status()).toBe(201);
  }

  await page.goto(`/models?q=${encodeURIComponent(slug)}`);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("v2");
  await expect(row).toContainText("development");

  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await page.getByLabel("Select v1 to compare").check();
  await page.getByLabel("Select v2 to compare").check();
  await page.getByRole("link", { name: "Compare 2" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${slug}/compare\\?versions=1,2`));
  await expect(page.getByTestId("delta-accuracy-v2")).toHaveText("+0.06 (+7.4%)");
  await expect(page.getByTestId("delta-rmse-v2")).toHaveText("−1 (−33.3%)");
  await expect(page.getByTestId("delta-rmse-v2")).toHaveClass(/text-ok/);
});

test("models – the stage tabs count and filter, and the filter state lives in the URL", async ({
  page,
}) => {
  await signIn(page, "viewer");
  const stages = page.getByRole("navigation", { name: "Stage of the newest version" });
  await stages.getByRole("link", { name: /^Staging \d+$/ }).click();
  await expect(page).toHaveURL(/stage=staging/);
  await expect(page.getByRole("cell", { name: /Flight delay regressor/ })).toBeVisible();
  await expect(page.getByRole("cell", { name: /Penguin species/ })).toHaveCount(0);
  await page.reload();
  await expect(stages.getByRole("link", { name: /^Staging \d+$/ })).toHaveAttribute(
    "aria-current",
    "page",
  );
});

test("models – 'Running in production' counts and lists the models serving production, whatever their newest version", async ({
  page,
}) => {
  await signIn(page, "viewer");
  const running = page
    .getByRole("navigation", { name: "Where models run" })
    .getByRole("link", { name: /^Production \d+$/ });
  const count = Number((await running.textContent())?.match(/\d+/)?.[0]);
  expect(count).toBeGreaterThan(0);
  await running.click();
  await expect(page).toHaveURL(/runningIn=production/);
  await expect(running).toHaveAttribute("aria-current", "page");
  await expect(page.locator("tbody tr")).toHaveCount(count);
  // Every listed model runs on a production target (the badge says so to screen readers too).
  for (const row of await page.locator("tbody tr").all())
    await expect(row).toContainText("production:");
});

test("requirements – an editor edits them in a form with inline errors", async ({ page }) => {
  await signIn(page, "editor");
  await page.goto("/models/fuel-efficiency");
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Quality metric").fill("r2");
  await dialog.getByRole("button", { name: "Save requirements" }).click();
  await expect(dialog.getByText("set the metric name and its minimum together")).toBeVisible();
  await dialog.getByLabel("…at least").fill("0.7");
  await dialog.getByLabel("Latency p95 (ms)").fill("40");
  await dialog.getByRole("button", { name: "Save requirements" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("r2 ≥ 0.7")).toBeVisible();
  await expect(page.getByText("≤ 40 ms")).toBeVisible();
});

test("version page – artifact, checks, optimization chart and a safe model card", async ({
  page,
}) => {
  await signIn(page, "viewer");
  await page.goto("/models/seattle-weather/versions/3");
  await expect(page.getByText("s3://ml-artifacts/seattle-weather/3/model-fp16.onnx")).toBeVisible();
  await expect(page.getByText("meets the requirements")).toBeVisible();
  await expect(page.getByRole("img", { name: /Size: 47.0 KiB to 24.0 KiB/ })).toBeVisible();
  await expect(
    page.getByRole("heading", { name: "Seattle weather classifier v3", exact: true }),
  ).toBeVisible();
  await page.getByRole("link", { name: "Checklist" }).click();
  await expect(page.getByRole("heading", { name: "Requirements", level: 2 })).toBeVisible();
});

test("drift settings – an editor sets the method and a feature's threshold; a viewer reads them", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const editor = { headers: bearer("editor") };
  try {
    await signIn(page, "editor");
    await page.goto("/models/flight-delay");
    const form = page.getByRole("form", { name: "Drift settings" });
    await form.getByLabel("Method", { exact: true }).selectOption("psi");
    await form.getByRole("button", { name: "Add feature" }).click();
    await form.getByLabel("Feature 1 name").fill("distance");
    await form.getByRole("button", { name: "Save drift settings" }).click();
    await expect(form.locator("#d-f0-method-error")).toContainText(
      "set a method or a threshold, or remove the row",
    );
    await expect(form.getByLabel("Feature 1 method")).toHaveAttribute("aria-invalid", "true");
    await form.getByLabel("Feature 1 threshold").fill("0.2");
    await form.getByRole("button", { name: "Save drift settings" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved");

    const viewer = await browser.newPage();
    await signIn(viewer, "viewer");
    await viewer.goto("/models/flight-delay");
    const settings = viewer.getByLabel("Drift settings");
    await expect(settings).toContainText("psi");
    await expect(settings).toContainText("distance");
    await expect(settings).toContainText("0.2");
    await expect(viewer.getByRole("button", { name: "Save drift settings" })).toHaveCount(0);
    await viewer.close();
  } finally {
    await request.put("/api/v1/models/flight-delay/drift-config", { ...editor, data: {} });
  }
});
