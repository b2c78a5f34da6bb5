import { expect, test } from "@playwright/test";
import { bearer, expand, signIn, unique } from "../support/fixtures";

test("live checklist – A ticks an item, B sees it ticked with A's name within 2 s, without reloading", async ({
  browser,
  request,
}) => {
  const slug = unique("live");
  await request.post("/api/v1/models", {
    headers: bearer("editor"),
    data: { slug, name: "Live checklist" },
  });
  await request.post(`/api/v1/models/${slug}/versions`, {
    headers: bearer("editor"),
    data: { artifactUri: `s3://b/${slug}/1` },
  });
  const url = `/models/${slug}/versions/1?tab=checklist`;

  const a = await browser.newContext();
  const b = await browser.newContext();
  try {
    const pageA = await a.newPage();
    const pageB = await b.newPage();
    await signIn(pageA, "editor");
    await signIn(pageB, "approver");
    await pageA.goto(url);
    await pageB.goto(url);
    // Each sees the other arrive.
    await expect(pageA.getByTestId("viewers")).toContainText("Ravi Approver", { timeout: 5_000 });
    await expect(pageB.getByTestId("viewers")).toContainText("Eli Editor", { timeout: 5_000 });

    const itemB = pageB.getByTestId("item-requirements.integration");
    await expect(itemB.getByRole("checkbox")).not.toBeChecked();
    // click, not check(): the optimistic update lands a tick after the click event.
    const boxA = pageA.getByTestId("item-requirements.integration").getByRole("checkbox");
    await boxA.click();
    await expect(boxA).toBeChecked();
    await expect(itemB.getByRole("checkbox")).toBeChecked({ timeout: 2_000 });
    await expect(itemB.getByTestId("item-status")).toContainText("Ticked by Eli Editor", {
      timeout: 2_000,
    });
  } finally {
    await a.close();
    await b.close();
  }
});

test("live checklist – a viewer sees the state but no controls", async ({ page, request }) => {
  const slug = unique("ro");
  await request.post("/api/v1/models", {
    headers: bearer("editor"),
    data: { slug, name: "Read only" },
  });
  await request.post(`/api/v1/models/${slug}/versions`, {
    headers: bearer("editor"),
    data: { artifactUri: `s3://b/${slug}/1` },
  });
  await signIn(page, "viewer");
  await page.goto(`/models/${slug}/versions/1?tab=checklist`);
  await expect(page.getByTestId("item-requirements.integration")).toBeVisible();
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expand(
    page.getByRole("button", { name: "Details of Integration points and interfaces agreed" }),
  );
  await expect(page.getByRole("button", { name: "Save details" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Waive…" })).toHaveCount(0);
});

test("checklist – an approver waives an evidence item with a reason, and everyone sees why", async ({
  page,
  request,
}) => {
  const slug = unique("waive");
  await request.post("/api/v1/models", {
    headers: bearer("editor"),
    data: { slug, name: "Waivers" },
  });
  await request.post(`/api/v1/models/${slug}/versions`, {
    headers: bearer("editor"),
    data: { artifactUri: `s3://b/${slug}/1` },
  });
  await signIn(page, "approver");
  await page.goto(`/models/${slug}/versions/1?tab=checklist`);
  const item = page.getByTestId("item-preparation.optimized");
  await expect(item).toContainText("checks itself");
  await expect(item.getByRole("checkbox")).toHaveCount(0);
  await expand(item.getByRole("button", { name: /Details of/ }));
  await item.getByRole("button", { name: "Waive…" }).click();
  await page
    .getByRole("dialog")
    .getByLabel("Reason")
    .fill("A linear model: nothing to prune or distil.");
  await page.getByRole("dialog").getByRole("button", { name: "Waive item" }).click();
  await expect(item.getByTestId("item-status")).toContainText(
    "Waived by Ravi Approver: “A linear model: nothing to prune or distil.”",
  );
  await expect(item.getByText(/waive$/)).toBeVisible();
});

test("templates – an admin adds an item to a stage and removes it", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/settings/checklist");
  const title = unique("Load test at 2x peak");
  const input = page.getByRole("textbox", { name: "New CI/CD item" });
  await input.fill(title);
  await input.press("Enter");
  const row = page.locator("li", { hasText: title });
  await expect(row).toBeVisible();
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: `Remove “${title}”` }).click();
  await expect(row).toHaveCount(0);
});
