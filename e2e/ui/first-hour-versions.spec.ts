import { type APIRequestContext, expect, test } from "@playwright/test";
import { deploymentEndpoints, promotionEndpoints } from "@/lib/endpoints/promotions";
import { modelEndpoints } from "@/lib/endpoints/models";
import { parsed } from "../support/api";
import { bearer, signIn, unique } from "../support/fixtures";
import { createTarget, promotable } from "../support/promotions";

// First-hour frictions of a version (issue 16): what blocks production, the promotion form,
// the requirements form, and the small things a newcomer trips over.

/** A model with a quality bar its version 1 meets, and every required checklist item open. */
async function freshModel(request: APIRequestContext) {
  const slug = unique("first");
  const editor = bearer("editor");
  expect(
    (
      await request.post("/api/v1/models", {
        headers: editor,
        data: { slug, name: `First ${slug}` },
      })
    ).status(),
  ).toBe(201);
  expect(
    (
      await request.put(`/api/v1/models/${slug}/requirements`, {
        headers: editor,
        data: { minMetricName: "accuracy", minMetricValue: 0.9, memoryMb: 1024 },
      })
    ).status(),
  ).toBe(200);
  expect(
    (
      await request.post(`/api/v1/models/${slug}/versions`, {
        headers: editor,
        data: {
          artifactUri: `s3://models/${slug}/1/model.onnx`,
          evalMetrics: { accuracy: 0.95, f1_macro: 0.9 },
        },
      })
    ).status(),
  ).toBe(201);
  return slug;
}

test("readiness – the header is not green while required items are open, and the overview says what blocks production with links to fix it", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const slug = await freshModel(request);
  const target = await createTarget(request, "production", 1);
  await signIn(page, "editor");
  await page.goto(`/models/${slug}/versions/1`);

  // The metrics meet the bar, but the checklist does not: no green pill.
  await expect(page.getByText("meets the requirements")).toHaveCount(0);
  await expect(page.getByTestId("readiness-pill")).toContainText(/required items? open/);

  const summary = page.getByRole("region", { name: "What blocks production" });
  await expect(summary).toBeVisible();
  await summary.getByLabel("Target").selectOption(target.slug);
  await expect(summary.getByRole("list", { name: "Gates" })).toContainText(
    "Required checklist items of stages 1–4 done failed (blocking)",
  );
  // Open required items link to their anchor on the checklist.
  const item = summary.getByRole("link", { name: "Integration points and interfaces agreed" });
  await expect(item).toHaveAttribute(
    "href",
    `/models/${slug}/versions/1?tab=checklist#item-requirements.integration`,
  );
  // Missing evidence links to where it is fixed: the requirements form, the reference upload.
  await expect(
    summary.getByRole("link", { name: /Latency and throughput targets/ }).first(),
  ).toHaveAttribute("href", `/models/${slug}?edit=requirements`);
  await summary.getByRole("link", { name: /Drift detection in place/ }).click();
  await expect(page.getByRole("button", { name: /Upload CSV/ })).toBeInViewport();
  await item.click();
  await expect(page).toHaveURL(/tab=checklist#item-requirements\.integration$/);
  await expect(page.getByTestId("item-requirements.integration")).toBeInViewport();
});

test("readiness – with the checklist done, a gate that fails for the production target keeps the header from green", async ({
  page,
  request,
}) => {
  const slug = await promotable(request);
  // More memory than any target has: the target fit gate fails wherever it would go.
  const res = await request.put(`/api/v1/models/${slug}/requirements`, {
    headers: bearer("editor"),
    data: { minMetricName: "accuracy", minMetricValue: 0.9, memoryMb: 9_000_000 },
  });
  expect(res.status()).toBe(200);
  await signIn(page, "viewer");
  await page.goto(`/models/${slug}/versions/1`);
  await expect(page.getByText("meets the requirements")).toHaveCount(0);
  await expect(page.getByTestId("readiness-pill")).toContainText(
    /1 gate fails for .+: The target fits the model's requirements/,
  );
});

test("promotion form – no preselected target, searchable, grouped by environment, pending requests first", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const slug = await promotable(request);
  const prod = await createTarget(request, "production", 1);
  const staging = await createTarget(request, "staging", 1);
  const res = await request.post(`/api/v1/models/${slug}/versions/1/promotions`, {
    headers: bearer("editor"),
    data: { target: prod.slug, reason: "ship v1" },
  });
  await parsed(res, promotionEndpoints.request);

  await page.setViewportSize({ width: 1400, height: 900 });
  await signIn(page, "editor");
  await page.goto(`/models/${slug}/versions/1?tab=promotions`);
  const form = page.getByRole("form", { name: "Request a promotion" });
  // No target is chosen (the rollout choice below them starts at "All at once").
  await expect(form.locator('input[name="target"]:checked')).toHaveCount(0);
  await expect(form.getByRole("button", { name: /Request promotion|Deploy/ })).toBeDisabled();

  // Pending requests come first, above the form.
  const pending = page.getByRole("article", { name: new RegExp(`to E2E ${prod.slug}`) });
  const pendingBox = (await pending.boundingBox())!;
  const formBox = (await form.boundingBox())!;
  expect(pendingBox.y).toBeLessThan(formBox.y);

  // Grouped by environment, and a search narrows the list.
  await expect(form.getByRole("group", { name: /Production/ })).toBeVisible();
  const stagingGroup = form.getByRole("group", { name: /Staging/ });
  await expect(stagingGroup.getByRole("radio", { name: new RegExp(staging.slug) })).toBeVisible();
  await form.getByRole("searchbox", { name: "Search targets" }).fill(staging.slug);
  await expect(form.locator('input[name="target"]')).toHaveCount(1);
  await form.getByRole("radio", { name: new RegExp(staging.slug) }).check();
  const gates = form.getByRole("complementary", { name: "Gates" });
  await expect(gates).toContainText("The target fits the model's requirements passed");
  // On a wide screen the gates panel stays beside the list.
  expect(await gates.evaluate((el) => getComputedStyle(el).position)).toBe("sticky");
});

test("requirements – the quality metric comes from the eval metrics, an unknown name warns, the error rate is in percent", async ({
  page,
  request,
}) => {
  const slug = await freshModel(request);
  await signIn(page, "editor");
  await page.goto(`/models/${slug}`);
  await page.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog");
  const metric = dialog.getByLabel("Quality metric");
  const options = await dialog
    .locator(`datalist#${await metric.getAttribute("list")} option`)
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(options).toEqual(["accuracy", "f1_macro"]);
  await metric.fill("acuracy");
  await expect(dialog.getByText(/“acuracy” is not an eval metric of v1/)).toBeVisible();
  await dialog.getByLabel("Max error rate (%)").fill("2.5");
  await dialog.getByRole("button", { name: "Save requirements" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("acuracy ≥ 0.9")).toBeVisible();
  await expect(page.getByText(/not reported by v1/)).toBeVisible();
  await expect(page.getByText("2.5 %")).toBeVisible();
  const saved = await parsed(
    await request.get(`/api/v1/models/${slug}`, { headers: bearer("viewer") }),
    modelEndpoints.get,
  );
  expect(saved.requirements?.maxErrorRate).toBeCloseTo(0.025);
  // Reopened, the form shows percent again.
  await page.getByRole("button", { name: "Edit" }).click();
  await expect(page.getByRole("dialog").getByLabel("Max error rate (%)")).toHaveValue("2.5");
});

test("models list – a row is one link: click anywhere on it, or tab to it", async ({
  page,
  request,
}) => {
  const slug = await freshModel(request);
  await signIn(page, "viewer");
  await page.goto(`/models?q=${slug}`);
  const row = page.getByRole("row", { name: new RegExp(slug) });
  await expect(row.getByRole("link")).toHaveCount(1);
  // The middle of the row is the owner's name, plain text: the row's link covers it.
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/models/${slug}$`));
});

test("checklist – note and evidence are one click away, and drift detection points to the Upload button", async ({
  page,
  request,
}) => {
  const slug = await freshModel(request);
  await signIn(page, "editor");
  await page.goto(`/models/${slug}/versions/1?tab=checklist`);
  const item = page.getByTestId("item-requirements.integration");
  // Exact: the button that opens the form is labelled "Note and evidence for …" too. Clicked
  // again until the form shows, in case the first click came before the page was hydrated.
  const note = item.getByLabel("Note", { exact: true });
  await expect(async () => {
    await item.getByRole("button", { name: /Note and evidence/ }).click();
    await expect(note).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await note.fill("REST, agreed with the app team.");
  await item.getByLabel("Evidence link").fill("https://wiki.example.com/integration");
  await item.getByRole("button", { name: "Save details" }).click();
  await expect(item.getByText("REST, agreed with the app team.")).toBeVisible();
  await expect(item.getByRole("list", { name: "History" })).toHaveCount(0);

  const drift = page.getByTestId("item-monitoring.drift");
  await expect(drift).not.toContainText("PUT");
  await drift.getByRole("link", { name: "Upload reference data" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${slug}/versions/1#reference-data$`));
  await expect(page.getByRole("button", { name: /Upload CSV/ })).toBeInViewport();
});

test("rollback – the version it archived says why and what replaced it", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const slug = await promotable(request, 2);
  const target = await createTarget(request, "staging", 0);
  for (const n of [1, 2]) {
    await parsed(
      await request.post(`/api/v1/models/${slug}/versions/${n}/promotions`, {
        headers: bearer("editor"),
        data: { target: target.slug, reason: `ship v${n}` },
      }),
      promotionEndpoints.request,
    );
  }
  const active = (
    await parsed(
      await request.get(`/api/v1/deployments?model=${slug}&status=active`, {
        headers: bearer("viewer"),
      }),
      deploymentEndpoints.list,
    )
  ).items[0];
  expect(active.version).toBe(2);
  await parsed(
    await request.post(`/api/v1/deployments/${active.id}/rollback`, {
      headers: bearer("editor"),
      data: { reason: "p95 latency doubled after the release" },
    }),
    deploymentEndpoints.rollback,
  );
  await signIn(page, "viewer");
  await page.goto(`/models/${slug}/versions/2`);
  const note = page.getByRole("note", { name: "Why this version is archived" });
  await expect(note).toContainText("Rolled back on E2E");
  await expect(note).toContainText("p95 latency doubled after the release");
  await expect(note.getByRole("link", { name: "v1" })).toHaveAttribute(
    "href",
    `/models/${slug}/versions/1`,
  );
});
