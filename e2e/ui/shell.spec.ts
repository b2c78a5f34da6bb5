import { expect, test } from "@playwright/test";
import { signIn, unique } from "../support/fixtures";

test("sign-in – the admin signs in, sees their name and role, and signs out", async ({ page }) => {
  await signIn(page, "admin");
  const user = page.getByTestId("current-user");
  await expect(user).toContainText("Ada Admin");
  await expect(user).toContainText("admin");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/models");
  await expect(page).toHaveURL(/\/login/);
});

test("sign-in – a wrong password is refused, and repeated failures are slowed down", async ({
  page,
}) => {
  const email = `${unique("nobody")}@example.com`;
  await page.goto("/login", { waitUntil: "networkidle" });
  await page.getByLabel("Email").fill(email);
  // Each attempt waits for the server's answer: the message of the previous one is still on screen.
  const attempt = async (password: string) => {
    await page.getByLabel("Password").fill(password);
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials")),
      page.getByRole("button", { name: "Sign in", exact: true }).click(),
    ]);
  };
  for (let i = 0; i < 5; i++) {
    await attempt(`wrong-${i}`);
    await expect(
      page.getByRole("alert").filter({ hasText: "Wrong email or password" }),
    ).toBeVisible();
  }
  await attempt("wrong-again");
  await expect(
    page.getByRole("alert").filter({ hasText: "Too many failed attempts" }),
  ).toBeVisible();
});

test("navigation – every section opens from the sidebar and by keyboard", async ({ page }) => {
  await signIn(page, "viewer");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [label, heading] of [
    ["Targets", "Deployment targets"],
    ["Promotions", "Promotions"],
    ["Alerts", "Alerts"],
    ["Audit", "Audit log"],
    ["Settings", "Settings"],
    ["Models", "Models"],
  ]) {
    await nav.getByRole("link", { name: label }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }
  await page.keyboard.press("g");
  await page.keyboard.press("t");
  await expect(page).toHaveURL(/\/targets$/);
  await expect(page.getByRole("cell", { name: /AWS production/ })).toBeVisible();
});

test("models – the demo inventory is listed and searchable", async ({ page }) => {
  await signIn(page, "viewer");
  // Other specs create models in parallel, so the demo ones may not be on the first page: search.
  await page.getByLabel("Search models").fill("seattle");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("cell", { name: /Seattle weather classifier/ })).toBeVisible();
  await page.getByLabel("Search models").fill("penguin");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=penguin/);
  await expect(page.getByRole("cell", { name: /Penguin species identifier/ })).toBeVisible();
  await expect(page.getByRole("cell", { name: /Seattle weather/ })).toHaveCount(0);
});

test("roles – a viewer sees no create button and no Users tab", async ({ page }) => {
  await signIn(page, "viewer");
  await expect(page.getByRole("heading", { name: "Models" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New model" })).toHaveCount(0);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings\/tokens$/);
  await expect(page.getByRole("link", { name: "Users and roles" })).toHaveCount(0);
  await page.goto("/settings/users");
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add user" })).toHaveCount(0);
});

test("models – an editor registers a model from the form, with inline errors first", async ({
  page,
}) => {
  await signIn(page, "editor");
  await page.getByRole("button", { name: "New model" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Slug").fill("Not A Slug");
  await dialog.getByRole("button", { name: "Create model" }).click();
  await expect(dialog.getByText("lowercase letters, digits and single hyphens only")).toBeVisible();
  await expect(dialog.getByText("is required")).toBeVisible();
  const name = unique("Fraud scorer");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Slug").fill(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  await dialog.getByRole("button", { name: "Create model" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("cell", { name: new RegExp(name) })).toBeVisible();
});

test("settings – an admin creates a token, sees it once, and can revoke it", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "New token" }).click();
  const name = unique("pipeline");
  await page.getByRole("dialog").getByLabel("Name").fill(name);
  await page.getByRole("dialog").getByRole("button", { name: "Create token" }).click();
  const secret = await page.getByTestId("new-token").textContent();
  expect(secret).toMatch(/^mg_/);
  await page.getByRole("button", { name: "Done" }).click();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("active");
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
});

test("settings – a model server's token is narrowed to a model; an unknown model is named in the form", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "New token" }).click();
  const dialog = page.getByRole("dialog");
  const name = unique("scorer");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("checkbox", { name: /^ingest/ }).check();
  await dialog.getByLabel("…or to a model's deployments (optional)").fill("no-such-model");
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByRole("alert")).toContainText('model "no-such-model" does not exist');
  await dialog.getByLabel("…or to a model's deployments (optional)").fill("seattle-weather");
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toHaveText(/^mg_/);
  await page.getByRole("button", { name: "Done" }).click();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row.getByTestId("token-narrowing")).toHaveText(
    "ingests only to model seattle-weather",
  );
});

test("settings – an admin changes a user's role", async ({ page }) => {
  const email = `${unique("role")}@example.com`;
  await signIn(page, "admin");
  await page.goto("/settings/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Role Change");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Initial password").fill("a-long-password");
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(dialog).toBeHidden();
  const select = page.getByLabel(`Role of ${email}`);
  await select.selectOption("approver");
  await expect(select).toHaveValue("approver");
  await page.reload();
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("approver");
});

test("dark mode – the toggle switches the theme and it sticks", async ({ page }) => {
  await signIn(page, "viewer");
  const html = page.locator("html");
  const wasDark = (await html.getAttribute("class"))?.includes("dark") ?? false;
  await page
    .getByRole("button", { name: wasDark ? "Switch to light mode" : "Switch to dark mode" })
    .click();
  await expect(html).toHaveClass(wasDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
  await page.reload();
  await expect(html).toHaveClass(wasDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
});

test("not found – an unknown page says so and links home", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to models" })).toBeVisible();
});
