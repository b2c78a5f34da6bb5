import { expect, test } from "@playwright/test";
import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { parsed } from "../support/api";
import { bearer, signIn } from "../support/fixtures";
import { createTarget, promotable, ship } from "../support/promotions";
import { pushTraffic, rolloutOf, startCanary } from "../support/rollouts";

// An approver approves a canary promotion in the queue and watches its steps advance on the
// rollout page while both versions serve traffic.

test("an approver approves a canary and watches its steps advance to 100 %", async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const slug = await promotable(request, 2);
  const target = await createTarget(request, "production", 1);
  const stableId = await ship(request, slug, 1, target.slug);
  const req = await request.post(`/api/v1/models/${slug}/versions/2/promotions`, {
    headers: bearer("editor"),
    data: {
      target: target.slug,
      reason: "v2, carefully",
      rollout: {
        strategy: "canary",
        steps: [
          { percent: 20, seconds: 12 },
          { percent: 60, seconds: 12 },
        ],
        analysis: { minSamples: 30 },
      },
    },
  });
  expect(req.status(), await req.text()).toBe(201);
  const { id } = await parsed(req, promotionEndpoints.request);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "approver");
  await page.goto("/promotions", { waitUntil: "networkidle" });
  const card = page.getByRole("article", { name: `Promo ${slug} v2 to E2E ${target.slug}` });
  await expect(card.getByTestId("rollout-plan")).toContainText("20 % for 12 s, then 60 % for 12 s");
  // What changes: v1 against v2, accuracy first.
  await card.getByText(`What changes on E2E ${target.slug}`).click();
  await expect(card.getByTestId("promotion-changes")).toContainText("Running now (v1)");
  await expect(card.getByTestId("promotion-changes")).toContainText("0.92");

  await card.getByRole("button", { name: /^Approve/ }).click();
  const dialog = page.getByRole("dialog", { name: "Approve this promotion" });
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(dialog).toBeHidden();
  // Both versions serve traffic from the start of the first step.
  const approved = await parsed(
    await request.get(`/api/v1/promotions/${id}`, { headers: bearer("viewer") }),
    promotionEndpoints.get,
  );
  const { canaryId } = await rolloutOf(request, approved.rolloutId!);
  await pushTraffic(request, stableId, { n: 200, median: 80 });
  await pushTraffic(request, canaryId, { n: 200, median: 80 });

  await page.goto("/promotions?view=all", { waitUntil: "networkidle" });
  await page
    .getByRole("article", { name: `Promo ${slug} v2 to E2E ${target.slug}` })
    .getByRole("link", { name: "Follow the rollout" })
    .click();
  await expect(page).toHaveURL(new RegExp(`/rollouts/${approved.rolloutId}`));
  await expect(page.getByTestId("rollout-step-0")).toHaveAttribute("data-state", /running|passed/);
  // The page reads the rollout again by itself: the first step passes, the second runs.
  await expect(page.getByTestId("rollout-step-0")).toHaveAttribute("data-state", "passed", {
    timeout: 40_000,
  });
  await expect(page.getByTestId("rollout-step-1")).toHaveAttribute("data-state", "running");
  // The newest verdict of a step comes first (a step that waited for samples has two).
  await expect(page.getByTestId("verdict-0").first()).toContainText("Latency");
  await pushTraffic(request, stableId, { n: 200, median: 80 });
  await pushTraffic(request, canaryId, { n: 200, median: 80 });
  await expect(page.getByTestId("rollout-step-final")).toContainText("stable", { timeout: 40_000 });
  await expect(page.getByTestId("rollout-step-1")).toHaveAttribute("data-state", "passed");
  // No labels were sent: the accuracy chart says so rather than drawing noise.
  await expect(
    page.getByText(
      "No bucket has 10 labelled predictions yet (stable 0, canary 0 labelled in all).",
    ),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/rollout-page.png", fullPage: true });
  await context.close();
});

test("a failed canary's alert explains itself from the rollout, before and after an approver resolves it", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const slug = await promotable(request, 2);
  const target = await createTarget(request, "production", 1);
  const stableId = await ship(request, slug, 1, target.slug);
  const { rolloutId, canaryId } = await startCanary(request, {
    slug,
    target: target.slug,
    plan: { strategy: "canary", steps: [{ percent: 20, seconds: 8 }] },
  });
  await pushTraffic(request, stableId, { n: 300, median: 80 });
  await pushTraffic(request, canaryId, { n: 300, median: 160 });
  await expect
    .poll(async () => (await rolloutOf(request, rolloutId)).state, { timeout: 40_000 })
    .toBe("rolled_back");
  const alerts = await (
    await request.get(`/api/v1/alerts?model=${slug}&state=firing`, { headers: bearer("viewer") })
  ).json();
  const alertId: string = alerts.items[0].id;

  await signIn(page, "approver");
  await page.goto(`/alerts/${alertId}`);
  const why = page.getByText("The canary analysis failed and the canary was rolled back");
  await expect(why).toContainText("canary analysis at 20 %: Canary p95 latency");
  await expect(page.getByText("its rule was deleted")).toHaveCount(0);
  await page
    .getByRole("button", { name: /^Resolve/ })
    .first()
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("textbox").fill("fixed in the next image");
  await dialog.getByRole("button", { name: /^Resolve/ }).click();
  await expect(dialog).toBeHidden();
  // The resolver's comment goes to the history; the explanation still reads the verdict.
  await page.reload();
  await expect(why).toContainText("Canary p95 latency");
  await expect(why).not.toContainText("fixed in the next image");
  await why.getByRole("link", { name: "the rollout's page" }).click();
  await expect(page).toHaveURL(new RegExp(`/rollouts/${rolloutId}$`));

  // The target lists it: which step failed, and why, once.
  await page.goto(`/targets/${target.slug}`);
  const row = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "Canary rollouts" }) })
    .getByRole("row", { name: new RegExp(`${slug} v2`) });
  await expect(row).toContainText("Step 1 at 20 %, rolled back: Canary p95 latency");
});
