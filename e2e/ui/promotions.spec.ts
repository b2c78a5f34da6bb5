import { expect, test } from "@playwright/test";
import { promotionEndpoints } from "@/lib/endpoints/promotions";
import { bearer, signIn } from "../support/fixtures";
import { createTarget, promotable } from "../support/promotions";
import { parsed } from "../support/api";

// The whole path in two browsers: an editor requests a promotion, an approver approves it
// in the queue, and the deployment shows on the model and target pages.

test("an editor requests a promotion, an approver approves it, the deployment appears", async ({
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
  await expect(form.getByRole("list", { name: "Gates" })).toContainText(
    "The target fits the model's requirements passed",
  );
  await form.getByRole("button", { name: "Request promotion" }).click();
  await expect(form.getByRole("alert")).toContainText("say why");
  await form
    .getByLabel("Why should this version ship?")
    .fill("Accuracy 0.91 on the holdout, above the 0.9 bar.");
  await form.getByRole("button", { name: "Request promotion" }).click();
  const card = editor.getByRole("article", { name: `Promo ${slug} v1 to ${targetName}` });
  await expect(card).toHaveAttribute("data-status", "pending");
  await expect(card.getByRole("button", { name: /^Approve/ })).toBeDisabled(); // never one's own

  const approverContext = await browser.newContext();
  const approver = await approverContext.newPage();
  await signIn(approver, "approver");
  await approver.goto("/promotions", { waitUntil: "networkidle" });
  const queued = approver.getByRole("article", { name: `Promo ${slug} v1 to ${targetName}` });
  await expect(queued).toContainText("0 / 1 approvals");
  await queued.getByRole("button", { name: /^Approve/ }).click();
  const dialog = approver.getByRole("dialog", { name: "Approve this promotion" });
  await dialog.getByLabel("Comment (optional)").fill("Gates green, metrics checked.");
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(queued).toBeHidden(); // decided: it left the queue
  await approver.goto("/promotions?view=approved");
  await expect(
    approver.getByRole("article", { name: `Promo ${slug} v1 to ${targetName}` }),
  ).toContainText("Ravi Approver");

  // The editor's pages show the deployment.
  await editor.goto(`/models/${slug}`);
  await expect(editor.getByRole("link", { name: targetName })).toBeVisible();
  await editor.goto(`/targets/${target.slug}`);
  await expect(editor.getByRole("link", { name: `Promo ${slug}` }).first()).toBeVisible();

  await editorContext.close();
  await approverContext.close();
});

test("an approver's click on a request that changed after they opened it is refused, with the change shown", async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const slug = await promotable(request);
  const target = await createTarget(request, "production", 1);
  const res = await request.post(`/api/v1/models/${slug}/versions/1/promotions`, {
    headers: bearer("editor"),
    data: { target: target.slug, reason: "ship v1" },
  });
  expect(res.status()).toBe(201);
  const label = `Promo ${slug} v1 to E2E ${target.slug}`;

  const approverContext = await browser.newContext();
  const approver = await approverContext.newPage();
  await signIn(approver, "approver");
  await approver.goto("/promotions", { waitUntil: "networkidle" });
  const card = approver.getByRole("article", { name: label });
  await expect(card).toContainText("0 / 1 approvals");
  await card.getByRole("button", { name: /^Approve/ }).click();
  const dialog = approver.getByRole("dialog", { name: "Approve this promotion" });
  await expect(dialog).toBeVisible();

  // Meanwhile an editor changes the model card in their own browser.
  const editorContext = await browser.newContext();
  const editor = await editorContext.newPage();
  await signIn(editor, "editor");
  const edited = await editor.request.patch(`/api/v1/models/${slug}/versions/1`, {
    headers: { Origin: new URL(editor.url()).origin },
    data: { modelCard: "# Model card\n\nRewritten after the request." },
  });
  expect(edited.status()).toBe(200);

  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  const changed = approver.getByRole("dialog", { name: "This request changed since you looked" });
  await expect(changed.getByTestId("snapshot-changed")).toContainText("model card changed");
  await expect(changed.getByRole("cell", { name: "version.modelCard" })).toBeVisible();
  await changed.getByRole("button", { name: "Review it again" }).click();
  await expect(card).toContainText("0 / 1 approvals");
  await expect(card.getByTestId("repins")).toContainText("Changed 1 time since it was requested");
  const { id } = await parsed(res, promotionEndpoints.request);
  const after = await parsed(
    await request.get(`/api/v1/promotions/${id}`, { headers: bearer("viewer") }),
    promotionEndpoints.get,
  );
  expect(after.status).toBe("pending");

  await editorContext.close();
  await approverContext.close();
});
