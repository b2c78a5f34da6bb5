import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { bearer, signIn, unique } from "../support/fixtures";

test("targets – an admin creates a staging target in the dialog, fixing field errors first, and lands on its page", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.goto("/targets");
  await page.getByRole("button", { name: "New target" }).click();
  const dialog = page.getByRole("dialog", { name: "New deployment target" });

  const name = unique("Edge staging");
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await expect(dialog.getByLabel("Slug")).toHaveValue(slug);
  await dialog.getByLabel("Slug").fill("Not A Slug");
  await dialog.getByLabel("Kind").selectOption("hybrid");
  await dialog.getByLabel("Environment").selectOption("staging");
  await dialog.getByLabel("Provider").fill("gcp + edge");
  await dialog.getByLabel("Region").fill("europe-west4");
  await dialog.getByLabel("Memory (MB)").fill("8192");
  await dialog.getByLabel("Min replicas").fill("3");
  await dialog.getByLabel("Max replicas").fill("2");
  await dialog.getByLabel("Compliance tags").fill("soc2, gdpr");
  await dialog.getByRole("button", { name: "Create target" }).click();

  await expect(dialog.getByText("lowercase letters, digits and single hyphens only")).toBeVisible();
  await expect(dialog.getByText("must be at least minReplicas")).toBeVisible();
  await expect(dialog.getByLabel("Max replicas")).toHaveAttribute("aria-invalid", "true");

  await dialog.getByLabel("Slug").fill(slug);
  await dialog.getByLabel("Max replicas").fill("6");
  await dialog.getByRole("button", { name: "Create target" }).click();

  await expect(page).toHaveURL(new RegExp(`/targets/${slug}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("staging");
  const facts = page.getByRole("definition");
  await expect(facts.filter({ hasText: "3–6" })).toBeVisible();
  await expect(facts.filter({ hasText: "8.0 GiB (8192 MB)" })).toBeVisible();
  await expect(facts.filter({ hasText: "gdpr" })).toBeVisible();
  await expect(page.getByText("Nothing has run here yet")).toBeVisible();

  // The list links to it.
  await page.getByRole("link", { name: "Targets", exact: true }).first().click();
  await expect(page.getByRole("link", { name })).toHaveAttribute("href", `/targets/${slug}`);
});

test("targets – the production target shows a timeline with bars, a tooltip per bar and the history table", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await signIn(page, "editor");
  await page.goto("/targets");
  await page.getByRole("link", { name: "AWS production (eu-west-1)" }).click();
  await expect(page).toHaveURL(/\/targets\/aws-prod$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("AWS production (eu-west-1)");

  const timeline = page.getByRole("list", { name: "Deployments by model" });
  const row = timeline.getByRole("listitem").filter({ hasText: "Seattle weather classifier" });
  const v1 = row
    .getByRole("link", { name: /^Seattle weather classifier v1, superseded, from .+ to \d{4}-/ })
    .first();
  await expect(v1).toBeVisible();
  await expect(row.getByRole("link", { name: /, active, from .+ to now/ }).first()).toBeVisible();
  await v1.focus();
  await expect(page.getByRole("tooltip")).toContainText("superseded by a newer version");

  const history = page
    .getByRole("table")
    .filter({ has: page.getByRole("columnheader", { name: "Deployed by" }) });
  const old = history
    .getByRole("row")
    .filter({ hasText: "superseded by a newer version" })
    .filter({ hasText: "Seattle weather classifier" });
  await expect(old.first()).toContainText("v1");
  await expect(old.first()).toContainText("superseded");
  await expect(history.getByRole("row").filter({ hasText: "running" }).first()).toContainText(
    "active",
  );

  // Editors may edit the target, but rolling back production needs an approver.
  await expect(page.getByRole("button", { name: "Edit" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Roll back/ })).toHaveCount(0);

  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(serious.map((v) => `${v.id} – ${v.nodes[0]?.target}`)).toEqual([]);
});

test("targets – an edit made on a stale form is refused with what changed, then saved on purpose", async ({
  page,
  request,
}) => {
  const slug = unique("conflict");
  const created = await request.post("/api/v1/targets", {
    headers: bearer("admin"),
    data: {
      slug,
      name: "Conflict target",
      kind: "cloud",
      provider: "aws",
      environment: "staging",
      scaling: { minReplicas: 1, maxReplicas: 2 },
    },
  });
  expect(created.status()).toBe(201);

  await signIn(page, "editor");
  await page.goto(`/targets/${slug}`);
  await page.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Max replicas").fill("8");

  // Someone else saves first.
  const other = await request.patch(`/api/v1/targets/${slug}`, {
    headers: bearer("admin"),
    data: { scaling: { minReplicas: 1, maxReplicas: 5 } },
  });
  expect(other.status()).toBe(200);

  await dialog.getByRole("button", { name: "Save target" }).click();
  const alert = dialog.getByRole("alert").filter({ hasText: "Someone changed this target" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("Max replicas:");
  await expect(alert).toContainText("2 → 5");

  await dialog.getByRole("button", { name: "Save target" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("1–8")).toBeVisible();
});
