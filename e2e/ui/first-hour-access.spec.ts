import { type APIRequestContext, type Locator, type Page, expect, test } from "@playwright/test";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { checklistEndpoints } from "@/lib/endpoints/checklist";
import { userEndpoints } from "@/lib/endpoints/users";
import { bearer, expand, signIn, unique } from "../support/fixtures";
import { parsed } from "../support/api";

// The first hour with Modelgate, by keyboard and on a phone: pickers that find one of many
// names, lists that search, dialogs that give the focus back, and pages that fit 390 px.

async function freshVersion(request: APIRequestContext) {
  const slug = unique("access");
  const editor = bearer("editor");
  expect(
    (
      await request.post("/api/v1/models", { headers: editor, data: { slug, name: "Access" } })
    ).status(),
  ).toBe(201);
  expect(
    (
      await request.post(`/api/v1/models/${slug}/versions`, {
        headers: editor,
        data: { artifactUri: `s3://b/${slug}/1` },
      })
    ).status(),
  ).toBe(201);
  return slug;
}

async function addUser(request: APIRequestContext, name: string, email: string) {
  const res = await request.post("/api/v1/users", {
    headers: bearer("admin"),
    data: { name, email, role: "editor", password: "a-long-password" },
  });
  expect(res.status(), await res.text()).toBe(201);
  return parsed(res, userEndpoints.create);
}

/** The options' first lines (their labels), in the order shown. */
async function optionLabels(listbox: Locator) {
  const texts = await listbox.getByRole("option").allInnerTexts();
  return texts.map((t) => t.split("\n")[0].trim());
}

function expectSortedAndUnique(labels: string[], texts: string[]) {
  const rest = labels.slice(1); // the "none" choice comes first
  expect(rest).toEqual(
    [...rest].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base" })),
  );
  expect(new Set(texts).size).toBe(texts.length);
}

test("pickers – the checklist assignee is a searchable combobox: sorted, one entry per person with their email, by keyboard", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  // Two people of one name, told apart by their emails.
  const twin = unique("twin");
  const name = `Zed ${twin}`;
  const a = await addUser(request, name, `${twin}.a@example.com`);
  const b = await addUser(request, name, `${twin}.b@example.com`);
  const slug = await freshVersion(request);
  await signIn(page, "editor");
  await page.goto(`/models/${slug}/versions/1?tab=checklist`);
  const item = page.getByTestId("item-requirements.integration");
  await expand(item.getByRole("button", { name: /^Details of/ }));
  const box = item.getByRole("combobox", { name: "Assignee" });
  await box.click();
  const listbox = page.getByRole("listbox");
  await expect(listbox).toBeVisible();
  const texts = await listbox.getByRole("option").allInnerTexts();
  expectSortedAndUnique(await optionLabels(listbox), texts);
  await expect(listbox.getByRole("option", { name: /admin@modelgate\.dev/ })).toBeVisible();

  await box.fill(name);
  await expect(listbox.getByRole("option")).toHaveCount(2);
  await expect(listbox.getByRole("option").nth(0)).toContainText(a.email);
  await expect(listbox.getByRole("option").nth(1)).toContainText(b.email);
  await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", /.+/);
  await box.press("Enter");
  await expect(listbox).toBeHidden();
  await expect(box).toHaveValue(name);
  // Escape closes the list and puts back the choice.
  await box.fill("nob");
  await expect(listbox).toBeVisible();
  await box.press("Escape");
  await expect(listbox).toBeHidden();
  await expect(box).toHaveValue(name);

  await item.getByRole("button", { name: "Save details" }).click();
  await expect(item.getByText(`@${name}`)).toBeVisible();
  const checklist = await parsed(
    await request.get(`/api/v1/models/${slug}/versions/1/checklist`, { headers: bearer("viewer") }),
    checklistEndpoints.get,
  );
  const saved = checklist.stages
    .flatMap((s) => s.items)
    .find((i) => i.key === "requirements.integration");
  expect(saved?.assigneeId).toBe(b.id);
});

test("pickers – the alert rule's model picker searches names and slugs; Escape closes the list, not the dialog", async ({
  page,
}) => {
  await signIn(page, "editor");
  await page.goto("/alerts/rules");
  await page.getByRole("button", { name: "New rule" }).click();
  const dialog = page.getByRole("dialog", { name: "New alert rule" });
  const box = dialog.getByRole("combobox", { name: "Model" });
  await box.click();
  const listbox = page.getByRole("listbox");
  const texts = await listbox.getByRole("option").allInnerTexts();
  expectSortedAndUnique(await optionLabels(listbox), texts);
  await box.fill("penguin-spec");
  await expect(listbox.getByRole("option").first()).toContainText("Penguin species identifier");
  await expect(listbox.getByRole("option").first()).toContainText("penguin-species");
  await box.press("Enter");
  await expect(box).toHaveValue("Penguin species identifier");
  await box.fill("zzz-nothing");
  await expect(listbox).toContainText("No match");
  await box.press("Escape");
  await expect(listbox).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(box).toHaveValue("Penguin species identifier");
  await box.press("Escape");
  await expect(dialog).toBeHidden();
  // The focus goes back to the button that opened the dialog.
  await expect(page.getByRole("button", { name: "New rule" })).toBeFocused();
});

test("admin – users and tokens are searchable; a new token shows a curl and a modelgate login example", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.goto("/settings/users");
  await page.getByRole("searchbox", { name: "Search users" }).fill("vera viewer");
  await expect(page.getByRole("row", { name: /viewer@modelgate\.dev/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /admin@modelgate\.dev/ })).toHaveCount(0);

  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "New token" }).click();
  const name = unique("ci-example");
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("new-token").textContent()) ?? "";
  expect(secret).toMatch(/^mg_/);
  await expect(dialog.getByTestId("curl-example")).toContainText(
    `curl -H "Authorization: Bearer ${secret}"`,
  );
  await expect(dialog.getByTestId("curl-example")).toContainText("/api/v1/models");
  await expect(dialog.getByTestId("login-example")).toContainText("modelgate login --url");
  await expect(dialog.getByTestId("login-example")).toContainText("--token-stdin");
  await expect(dialog.getByTestId("login-example")).toContainText(secret);
  await dialog.getByRole("button", { name: "Done" }).click();
  await page.getByRole("searchbox", { name: "Search tokens" }).fill(name);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(1);
});

test("API reference – operations filter by path or summary and show their response schema and an example", async ({
  page,
}) => {
  await signIn(page, "viewer");
  await page.goto("/docs/api");
  const ops = page.getByTestId("operation");
  const all = await ops.count();
  await page.getByRole("searchbox", { name: "Search operations" }).fill("checklist");
  await expect.poll(() => ops.count()).toBeLessThan(all);
  expect(await ops.count()).toBeGreaterThan(0);
  for (const text of await ops.allInnerTexts()) expect(text.toLowerCase()).toContain("checklist");
  const get = ops.filter({ hasText: "A version's checklist" }).first();
  await get.getByText("Response 200", { exact: false }).click();
  await expect(get.getByTestId("response-schema")).toContainText('"stages"');
  await expect(get.getByTestId("response-example")).toContainText('"progress"');
});

test("empty states – an API path wraps at its slashes, never mid-word", async ({
  page,
  request,
}) => {
  const res = await request.get("/api/v1/deployments?status=active&model=seattle-weather", {
    headers: bearer("viewer"),
  });
  const deployment = (await parsed(res, deploymentEndpoints.list)).items[0];
  await signIn(page, "viewer");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(
    `/deployments/${deployment.id}/drift?from=2021-01-01T00:00:00.000Z&to=2021-01-02T00:00:00.000Z`,
  );
  const code = page.locator("code", { hasText: "/api/v1/deployments/" }).first();
  await expect(code).toBeVisible({ timeout: 20_000 });
  expect(await code.evaluate((el) => getComputedStyle(el).wordBreak)).not.toBe("break-all");
  expect(await code.evaluate((el) => el.querySelectorAll("wbr").length)).toBeGreaterThan(2);
});

test("settings – a viewer's Settings link and every tab it shows lead to a real page", async ({
  page,
}) => {
  await signIn(page, "viewer");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  const tabs = page.getByRole("navigation", { name: "Settings" }).getByRole("link");
  for (const href of await tabs.evaluateAll((ls) => ls.map((l) => l.getAttribute("href")))) {
    await page.goto(href!);
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(page.getByText("Nothing here")).toHaveCount(0);
  }
});

test("keyboard – a skip link comes first, ? lists the shortcuts, and a confirm dialog gives the focus back", async ({
  page,
  request,
}) => {
  await signIn(page, "editor");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.closest("main") !== null))
    .toBe(true);

  await page.keyboard.press("Shift+Slash");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("g m");
  await expect(help).toContainText("Models");
  await expect(help).toContainText("g a");
  await expect(help).toContainText("Alerts");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  const name = unique("Focus back");
  const created = await request.post("/api/v1/alert-rules", {
    headers: bearer("editor"),
    data: {
      name,
      kind: "no_data",
      scope: {},
      metric: "e2e.focus",
      windowSeconds: 60,
      severity: "info",
    },
  });
  expect(created.status()).toBe(201);
  await page.goto("/alerts/rules");
  const del = page.getByRole("button", { name: `Delete ${name}` });
  await del.focus();
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: "Delete this rule?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(del).toBeFocused();
  await request.delete(`/api/v1/alert-rules/${(await created.json()).id}`, {
    headers: bearer("editor"),
  });
});

test("keyboard – a checklist checkbox keeps the focus after it saves", async ({
  page,
  request,
}) => {
  const slug = await freshVersion(request);
  await signIn(page, "editor");
  await page.goto(`/models/${slug}/versions/1?tab=checklist`);
  const item = page.getByTestId("item-requirements.integration");
  const box = item.getByRole("checkbox");
  await box.focus();
  await page.keyboard.press("Space");
  await expect(item.getByTestId("item-status")).toContainText("Ticked by Eli Editor");
  await page.waitForTimeout(500);
  await expect(box).toBeFocused();
  await expect(box).toBeChecked();
});

/** The contrast of the focused element's outline against the background behind it. */
async function focusRingContrast(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(el);
    if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return 0;
    let bg: number[] = [255, 255, 255];
    for (let n: HTMLElement | null = el.parentElement; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) {
        bg = c;
        break;
      }
    }
    const [a, b] = [lum(rgb(style.outlineColor)), lum(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  });
}

for (const scheme of ["light", "dark"] as const) {
  test(`focus – buttons and links show a focus ring of at least 3:1 (${scheme})`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    try {
      await signIn(page, "admin");
      await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /dark/ : /^(?!.*dark)/);
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const target of [
        nav.getByRole("link", { name: "Targets" }),
        page.getByRole("button", { name: "New model" }),
        page.getByRole("button", { name: "Sign out" }),
      ]) {
        await target.focus();
        // Focused by keyboard, so :focus-visible applies.
        await page.keyboard.press("Shift+Tab");
        await page.keyboard.press("Tab");
        await expect(target).toBeFocused();
        // Buttons animate their colours (transition-colors covers outline-color, 150 ms): read
        // the ring once it has settled, not halfway from transparent.
        await expect
          .poll(() => focusRingContrast(page), { timeout: 2_000 })
          .toBeGreaterThanOrEqual(3);
      }
    } finally {
      await context.close();
    }
  });
}

test("phone – at 390 px no page scrolls sideways and the models table stacks its rows", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, "viewer");
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [
    "/models",
    "/models/seattle-weather",
    "/models/seattle-weather/versions/3",
    "/models/seattle-weather/versions/2?tab=checklist",
    "/targets",
    "/targets/aws-prod",
    "/promotions",
    "/alerts",
    "/alerts/rules",
    "/audit",
    "/settings/tokens",
    "/docs/api",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, path).toBeLessThanOrEqual(390);
  }
  await page.goto("/models?q=seattle");
  const link = page.getByRole("link", { name: "Seattle weather classifier" });
  const box = await link.boundingBox();
  // One or two lines, not a word per line.
  expect(box!.height).toBeLessThan(45);
  // Every cell is on screen: nothing hides past the right edge of a scrolling table.
  const row = page.locator("tbody tr").first();
  for (const cell of await row.locator("td").all()) {
    const b = await cell.boundingBox();
    if (b) expect(b.x + b.width).toBeLessThanOrEqual(391);
  }
});
