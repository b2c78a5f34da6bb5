import { type APIRequestContext, type Page, expect, test } from "@playwright/test";
import { alertEndpoints } from "@/lib/endpoints/alerts";
import { monitoringEndpoints } from "@/lib/endpoints/monitoring";
import { deploymentEndpoints, promotionEndpoints } from "@/lib/endpoints/promotions";
import { targetEndpoints } from "@/lib/endpoints/targets";
import { userEndpoints } from "@/lib/endpoints/users";
import { formatMs } from "@/lib/charts/monitoring";
import { bearer, signIn, unique } from "../support/fixtures";
import { parsed } from "../support/api";
import { createTarget, decide, promotable } from "../support/promotions";

// The first hour with Modelgate (issue 16): every action says what it did and links to its
// result, times read as "3 h ago" with the exact time on hover, alerts list what burns first,
// monitoring charts do not cry wolf over five requests, and the audit log names what changed.

/** The toast that says what an action did. */
const toast = (page: Page, text: string | RegExp) =>
  page.getByRole("region", { name: "Notifications" }).getByRole("status").filter({ hasText: text });

async function requestPromotion(request: APIRequestContext, slug: string, target: string, n = 1) {
  const res = await request.post(`/api/v1/models/${slug}/versions/${n}/promotions`, {
    headers: bearer("editor"),
    data: { target, reason: `ship v${n}` },
  });
  expect(res.status(), await res.text()).toBe(201);
  return parsed(res, promotionEndpoints.request);
}

/** A model deployed (approved) on a fresh staging target: its deployment. */
async function deployed(request: APIRequestContext, versions = 1) {
  const slug = await promotable(request, versions);
  const target = await createTarget(request, "staging", 1);
  let deploymentId = "";
  for (let n = 1; n <= versions; n++) {
    const p = await requestPromotion(request, slug, target.slug, n);
    const res = await decide(request, p.id, "approver");
    expect(res.status(), await res.text()).toBe(200);
    deploymentId = (await parsed(res, promotionEndpoints.approve)).deploymentId!;
  }
  return { slug, target, deploymentId };
}

test("feedback – adding a user and changing a role each confirm, and link to the user", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.goto("/settings/users");
  const name = unique("Toast user");
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}@example.com`;
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a user" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Initial password").fill("a-long-enough-password");
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(dialog).toBeHidden();

  const added = toast(page, `Added ${name}`);
  await expect(added).toBeVisible();
  await expect(added.getByRole("link", { name: "Show user" })).toHaveAttribute(
    "href",
    /\/settings\/users#user-/,
  );
  // Dismissible from the keyboard.
  await added.getByRole("button", { name: "Dismiss notification" }).focus();
  await page.keyboard.press("Enter");
  await expect(added).toBeHidden();

  await page.getByLabel(`Role of ${email}`).selectOption("editor");
  await expect(toast(page, `${name} is now Editor`)).toBeVisible();
});

test("feedback – a promotion request and its approval confirm with links; the sidebar badge follows", async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const slug = await promotable(request);
  const target = await createTarget(request, "production", 1);
  const targetName = `E2E ${target.slug}`;

  const editorContext = await browser.newContext();
  const editor = await editorContext.newPage();
  await signIn(editor, "editor");
  await editor.goto(`/models/${slug}/versions/1?tab=promotions`, { waitUntil: "networkidle" });
  const form = editor.getByRole("form", { name: "Request a promotion" });
  await form.getByRole("radio", { name: new RegExp(targetName) }).check();
  await form.getByLabel("Why should this version ship?").fill("Accuracy above the bar.");
  await form.getByRole("button", { name: "Request promotion" }).click();
  const requested = toast(editor, "Promotion requested");
  await expect(requested).toBeVisible();
  await expect(requested.getByRole("link", { name: "Open request" })).toHaveAttribute(
    "href",
    /\/promotions\?view=all#promotion-/,
  );
  await editorContext.close();

  const approverContext = await browser.newContext();
  const approver = await approverContext.newPage();
  await signIn(approver, "approver");
  await approver.goto("/promotions", { waitUntil: "networkidle" });
  const badge = approver
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Promotions/ });
  const before = Number((await badge.innerText()).replace(/\D+/g, "") || "0");
  expect(before).toBeGreaterThan(0);
  const card = approver.getByRole("article", { name: `Promo ${slug} v1 to ${targetName}` });
  await card.getByRole("button", { name: /^Approve/ }).click();
  const dialog = approver.getByRole("dialog", { name: "Approve this promotion" });
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(dialog).toBeHidden();
  const approved = toast(approver, "deployed");
  await expect(approved).toBeVisible();
  await expect(approved.getByRole("link", { name: "Open deployment" })).toHaveAttribute(
    "href",
    /^\/deployments\/[a-z0-9]+$/,
  );
  // The badge counts one fewer at once, not at its next 30 s poll.
  const expected = before - 1;
  await expect(badge).toHaveText(
    expected > 0 ? new RegExp(`^Promotions\\s*${expected}`) : /^Promotions$/,
    {
      timeout: 8_000,
    },
  );
  await approverContext.close();
});

test("feedback – a rollback confirms with a link to the deployment now active, and the history shows it", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const { slug, target } = await deployed(request, 2);
  await signIn(page, "editor");
  await page.goto(`/targets/${target.slug}`);
  const history = page
    .getByRole("table")
    .filter({ has: page.getByRole("columnheader", { name: "Deployed by" }) });
  await expect(history.getByRole("row").filter({ hasText: "rolled back" })).toHaveCount(0);
  await page.getByRole("button", { name: `Roll back Promo ${slug} v2` }).click();
  const dialog = page.getByRole("dialog", { name: `Roll back Promo ${slug} v2` });
  await dialog.getByLabel("Reason").fill("p95 doubled after the release");
  await dialog.getByRole("button", { name: "Roll back", exact: true }).click();
  await expect(dialog).toBeHidden();

  const done = toast(page, "Rolled back");
  await expect(done).toBeVisible();
  const link = done.getByRole("link", { name: "Open deployment" });
  await expect(link).toHaveAttribute("href", /^\/deployments\/[a-z0-9]+$/);
  // The history (kept in the browser for paging) shows the rollback without a reload.
  await expect(history.getByRole("row").filter({ hasText: "rolled back" })).toHaveCount(1);
  const active = await parsed(
    await request.get(`/api/v1/deployments?target=${target.slug}&status=active`, {
      headers: bearer("viewer"),
    }),
    deploymentEndpoints.list,
  );
  expect(active.items.map((d) => d.version)).toEqual([1]);
  await expect(link).toHaveAttribute("href", `/deployments/${active.items[0].id}`);
});

test("feedback – ticking a checklist item updates the header's count at once", async ({
  page,
  request,
}) => {
  const slug = unique("tick");
  await request.post("/api/v1/models", {
    headers: bearer("editor"),
    data: { slug, name: "Tick counter" },
  });
  await request.post(`/api/v1/models/${slug}/versions`, {
    headers: bearer("editor"),
    data: { artifactUri: `s3://b/${slug}/1` },
  });
  await signIn(page, "editor");
  await page.goto(`/models/${slug}/versions/1?tab=checklist`);
  const header = page
    .getByRole("progressbar", { name: "Checklist progress", exact: true })
    .locator("..");
  const overall = page
    .getByRole("progressbar", { name: "Overall checklist progress", exact: true })
    .locator("..");
  const [done, total] = (await header.innerText()).split("/").map((s) => Number(s.trim()));
  const box = page.getByTestId("item-requirements.integration").getByRole("checkbox");
  await box.click();
  await expect(box).toBeChecked();
  await expect(overall).toContainText(`${done + 1}/${total}`);
  await expect(header).toContainText(`${done + 1}/${total}`);
});

test("relative times – a vote that stopped counting says when in words, with the exact time on hover", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const slug = await promotable(request);
  const target = await createTarget(request, "production", 2);
  const p = await requestPromotion(request, slug, target.slug);
  expect((await decide(request, p.id, "approver")).status()).toBe(200);
  // A change to the version voids the vote.
  const patched = await request.patch(`/api/v1/models/${slug}/versions/1`, {
    headers: bearer("editor"),
    data: { evalMetrics: { accuracy: 0.95 } },
  });
  expect(patched.status(), await patched.text()).toBe(200);

  await signIn(page, "approver");
  await page.goto("/promotions");
  const card = page.getByRole("article", { name: `Promo ${slug} v1 to E2E ${target.slug}` });
  const note = card.getByRole("note");
  await expect(note).toContainText("no longer counts");
  await expect(note).not.toContainText(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  const time = note.locator("time");
  await expect(time).toHaveText(/ago|just now/);
  await expect(time).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
  // The exact time on hover: local, 24-hour, with its zone.
  await expect(time).toHaveAttribute("title", /^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} \S+/);
  await expect(time).not.toHaveAttribute("title", /AM|PM/);
});

/** A firing no_data alert on a metric with points 20–40 min ago (so its chart has an axis). */
async function firingAlert(
  request: APIRequestContext,
  deploymentId: string,
  severity: "warning" | "critical",
) {
  const editor = { headers: bearer("editor") };
  const metric = `e2e.quiet_${Math.random().toString(36).slice(2, 8)}`;
  const now = Date.now();
  const points = Array.from({ length: 20 }, (_, i) => ({
    name: metric,
    value: 5 + (i % 4),
    ts: new Date(now - (40 - i) * 60_000).toISOString(),
  }));
  const pushed = await request.post(`/api/v1/deployments/${deploymentId}/metrics`, {
    ...editor,
    data: { points },
  });
  expect(pushed.status()).toBe(202);
  const name = unique(`Quiet ${severity}`);
  const created = await request.post("/api/v1/alert-rules", {
    ...editor,
    data: {
      name,
      kind: "no_data",
      scope: { deploymentId },
      metric,
      windowSeconds: 60,
      forSeconds: 0,
      severity,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  return { name, rule: await parsed(created, alertEndpoints.createRule) };
}

test("alerts – firing before acknowledged, a link to the monitoring window, silence presets, a 24-hour axis", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const editor = { headers: bearer("editor") };
  const { deploymentId } = await deployed(request);
  const critical = await firingAlert(request, deploymentId, "critical");
  const warning = await firingAlert(request, deploymentId, "warning");
  const rules = [critical.rule.id, warning.rule.id];
  const alertOf: Record<string, string> = {};
  await expect
    .poll(
      async () => {
        const res = await request.get(
          `/api/v1/alerts?state=firing&deploymentId=${deploymentId}&limit=200`,
          editor,
        );
        for (const a of (await parsed(res, alertEndpoints.list)).items)
          if (a.ruleId) alertOf[a.ruleId] = a.id;
        return rules.every((r) => alertOf[r]);
      },
      { timeout: 100_000, intervals: [2_000] },
    )
    .toBe(true);
  const ack = await request.post(`/api/v1/alerts/${alertOf[critical.rule.id]}/acknowledge`, {
    ...editor,
    data: { comment: "looking" },
  });
  expect(ack.status(), await ack.text()).toBe(200);

  await signIn(page, "approver");
  await page.goto("/alerts");
  const rows = page.getByRole("row");
  const names = await rows.allInnerTexts();
  const firingAt = names.findIndex((t) => t.includes(warning.name));
  const ackAt = names.findIndex((t) => t.includes(critical.name));
  expect(firingAt).toBeGreaterThan(0);
  expect(ackAt).toBeGreaterThan(0);
  expect(firingAt, "the firing warning is listed above the acknowledged critical").toBeLessThan(
    ackAt,
  );

  await page.getByRole("link", { name: critical.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(critical.name);
  const charts = page.getByRole("link", { name: "Open the monitoring charts for this window" });
  await expect(charts).toHaveAttribute(
    "href",
    new RegExp(`^/deployments/${deploymentId}\\?from=[^&]+&to=`),
  );
  // The chart's time axis reads 24-hour like every other chart.
  const ticks = page.locator(".recharts-cartesian-axis-tick-value").filter({ hasText: ":" });
  await expect(ticks.first()).toBeVisible();
  for (const t of await ticks.allTextContents()) expect(t.trim()).toMatch(/^\d{2}:\d{2}$/);

  await page.getByRole("button", { name: `Silence ${critical.name} on` }).click();
  const dialog = page.getByRole("dialog", { name: "Silence notifications" });
  const presets = dialog.getByRole("group", { name: "Silence for" });
  for (const preset of ["1 h", "4 h", "24 h"])
    await expect(presets.getByRole("button", { name: preset, exact: true })).toBeVisible();
  await presets.getByRole("button", { name: "4 h", exact: true }).click();
  await dialog.getByRole("button", { name: "Silence", exact: true }).click();
  await expect(dialog).toBeHidden();
  const alert = await parsed(
    await request.get(`/api/v1/alerts/${alertOf[critical.rule.id]}`, editor),
    alertEndpoints.get,
  );
  const hours = (Date.parse(alert.silencedUntil!) - Date.now()) / 3_600_000;
  expect(hours).toBeGreaterThan(3.8);
  expect(hours).toBeLessThan(4.1);
  await expect(toast(page, "Silenced")).toBeVisible();

  // The charts page takes the window from the link.
  await page.goto(await charts.getAttribute("href").then((h) => h!));
  await expect(page.getByRole("group", { name: "Time range" })).toBeVisible();
  for (const r of rules)
    await request.patch(`/api/v1/alert-rules/${r}`, { ...editor, data: { enabled: false } });
});

/**
 * A deployment with a 1 % error limit and, in the last hour: 5 requests 25 min ago (1 failed:
 * 20 %, too few to judge), 40 requests 10 min ago (4 failed: 10 %, a breach), and the server's
 * own latency_ms far above what the predictions recorded.
 */
async function monitored(request: APIRequestContext) {
  const { slug, deploymentId } = await deployed(request);
  const editor = { headers: bearer("editor") };
  const req = await request.put(`/api/v1/models/${slug}/requirements`, {
    ...editor,
    data: { minMetricName: "accuracy", minMetricValue: 0.9, memoryMb: 1024, maxErrorRate: 0.01 },
  });
  expect(req.status(), await req.text()).toBe(200);
  const now = Date.now();
  const run = unique("few");
  // 1 ms apart: each group falls in one bucket.
  const at = (minutes: number, i: number) => new Date(now - minutes * 60_000 + i).toISOString();
  const records = [
    ...Array.from({ length: 5 }, (_, i) => ({
      id: `${run}-a${i}`,
      ts: at(25, i),
      features: { x: i },
      prediction: "yes",
      latencyMs: 10 + i,
      ...(i === 0 ? { error: "boom" } : {}),
    })),
    ...Array.from({ length: 40 }, (_, i) => ({
      id: `${run}-b${i}`,
      ts: at(10, i),
      features: { x: i },
      prediction: "yes",
      latencyMs: 12 + (i % 9),
      ...(i < 4 ? { error: "boom" } : {}),
    })),
  ];
  expect(
    (
      await request.post(`/api/v1/deployments/${deploymentId}/predictions`, {
        ...editor,
        data: { records },
      })
    ).status(),
  ).toBe(202);
  // The server reports its own latency, far above what the predictions recorded.
  const points = Array.from({ length: 30 }, (_, i) => ({
    name: "latency_ms",
    value: 150 + (i % 6) * 40,
    ts: new Date(now - (50 - i) * 60_000).toISOString(),
  }));
  expect(
    (
      await request.post(`/api/v1/deployments/${deploymentId}/metrics`, {
        ...editor,
        data: { points },
      })
    ).status(),
  ).toBe(202);
  return deploymentId;
}

test("monitoring – a bucket of five requests is not drawn as a breach, and its tooltip says why", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const deploymentId = await monitored(request);
  await signIn(page, "viewer");
  await page.goto(`/deployments/${deploymentId}?range=1h`);
  const errors = page.getByTestId("chart-errors");
  await expect(errors.locator(".recharts-surface").first()).toBeVisible({ timeout: 30_000 });
  const low = errors.locator('[data-bucket="low-sample"]');
  await expect(low).toHaveCount(1);
  await expect(errors.locator('[data-bucket="breach"]')).toHaveCount(1);
  await low.hover();
  const tip = errors.locator(".recharts-tooltip-wrapper");
  await expect(tip).toContainText("5 requests");
  await expect(tip).toContainText("too few");
});

test("monitoring – the peak p95 tile agrees with the latency chart it summarises", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const deploymentId = await monitored(request);
  await signIn(page, "viewer");
  await page.goto(`/deployments/${deploymentId}?range=1h`);
  await expect(
    page.getByTestId("chart-latency").locator("path.recharts-line-curve").first(),
  ).toBeVisible({ timeout: 30_000 });
  const latency = await parsed(
    await request.get(
      `/api/v1/deployments/${deploymentId}/metrics?name=latency_ms&range=1h&buckets=120`,
      { headers: bearer("viewer") },
    ),
    monitoringEndpoints.readMetrics,
  );
  const peak = Math.max(...latency.points.filter((p) => p.count > 0).map((p) => p.p95 ?? 0));
  const tile = page.getByRole("term").filter({ hasText: "Peak p95 latency" }).locator("..");
  await expect(tile.getByRole("definition")).toContainText(formatMs(peak));
});

test("audit – entities by name with a link, and the change field by field", async ({
  page,
  request,
}) => {
  const target = await createTarget(request, "staging", 1);
  const newName = unique("Renamed target");
  const res = await request.patch(`/api/v1/targets/${target.slug}`, {
    headers: bearer("admin"),
    data: { name: newName, hardware: { memoryMb: 16384 } },
  });
  expect(res.status(), await res.text()).toBe(200);
  const updated = await parsed(res, targetEndpoints.update);
  const user = await parsed(
    await request.get("/api/v1/users", { headers: bearer("admin") }),
    userEndpoints.list,
  );
  expect(user.items.length).toBeGreaterThan(0);

  await signIn(page, "admin");
  await page.goto(`/audit?entity=deployment_target:${updated.id}`);
  const row = page.getByRole("row").filter({ hasText: "deployment_target.update" });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name: newName })).toHaveAttribute(
    "href",
    `/targets/${target.slug}`,
  );
  await row.getByText(/changed/).click();
  const diff = row.getByRole("table", { name: "What changed" });
  const memory = diff.getByRole("row").filter({ hasText: "hardware.memoryMb" });
  await expect(memory.getByRole("cell").nth(1)).toHaveText("8192");
  await expect(memory.getByRole("cell").nth(2)).toHaveText("16384");
  await expect(diff.getByRole("row").filter({ hasText: /^name/ })).toContainText(newName);
  // Unchanged keys are not listed.
  await expect(diff.getByRole("row").filter({ hasText: "environment" })).toHaveCount(0);
  await expect(diff.getByRole("row").filter({ hasText: "slug" })).toHaveCount(0);
});
