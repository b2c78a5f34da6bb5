import { expect, test } from "@playwright/test";
import { targetEndpoints } from "@/lib/endpoints/targets";
import { parsed } from "../support/api";
import { bearer, signIn, unique } from "../support/fixtures";
import { createTarget, promotable, ship } from "../support/promotions";
import { bareRepo } from "../support/rollouts";

// The target form's Delivery section (issue 18): an admin points a target at a deployment
// repository; credentials never go into the URL or the settings, only a variable's name.

test("an admin sets up GitOps delivery in the target form; credentials in the URL and a token for a variable name are refused on their fields", async ({
  page,
  request,
}) => {
  const repo = bareRepo();
  await signIn(page, "admin");
  await page.goto("/targets");
  await page.getByRole("button", { name: "New target" }).click();
  const dialog = page.getByRole("dialog", { name: "New deployment target" });
  const name = unique("Cluster");
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Environment").selectOption("production");
  await dialog.getByLabel("Provider").fill("gcp");
  // "Delivery" names the delivery's own select, not the target's Kind.
  await dialog.getByLabel("Delivery", { exact: true }).selectOption("gitops");
  await expect(dialog.getByLabel("Kind")).toHaveValue("cloud");
  await dialog
    .getByLabel("Repository URL")
    .fill("https://deploy:ghp_secret@github.com/acme/deploy.git");
  await dialog.getByLabel("Credentials variable").fill("ghp_0123456789abcdefABCDEF0123456789abcd");
  await dialog.getByRole("button", { name: "Create target" }).click();
  await expect(dialog.getByLabel("Repository URL")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Credentials variable")).toHaveAttribute("aria-invalid", "true");
  const none = await request.get(`/api/v1/targets/${slug}`, { headers: bearer("viewer") });
  expect(none.status()).toBe(404);

  await dialog.getByLabel("Repository URL").fill(repo.url);
  await dialog.getByLabel("Credentials variable").fill("");
  await dialog.getByLabel("Manifest format").selectOption("kubernetes");
  await dialog.getByLabel("Namespace").fill("serving");
  await dialog.getByRole("button", { name: "Create target" }).click();
  await expect(page).toHaveURL(new RegExp(`/targets/${slug}$`));

  const card = page.locator("section").filter({
    has: page.getByRole("heading", { name: "Delivery", exact: true }),
  });
  await expect(card).toContainText(repo.url);
  await expect(card).toContainText("Deployment + Service · serving");
  const stored = await parsed(
    await request.get(`/api/v1/targets/${slug}`, { headers: bearer("viewer") }),
    targetEndpoints.get,
  );
  expect(stored.delivery).toMatchObject({
    kind: "gitops",
    repoUrl: repo.url,
    branch: "main",
    format: "kubernetes",
    namespace: "serving",
    path: "models/{target}/{model}.yaml",
  });

  // An editor may edit the target but not where its deployments go.
  const editor = await page.context().browser()!.newPage();
  await signIn(editor, "editor");
  await editor.goto(`/targets/${slug}`);
  await editor.getByRole("button", { name: "Edit" }).click();
  const edit = editor.getByRole("dialog");
  await expect(edit.getByLabel("Delivery", { exact: true })).toBeDisabled();
  await expect(edit.getByLabel("Repository URL")).toBeDisabled();
});

test("a Kubernetes target blocks a version without an image until an editor sets one; a repository it cannot reach is shown on the target and deployment pages", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  // A repository that does not exist: every push fails and is retried.
  const missing = bareRepo().url.replace(/\.git$/, "-missing.git");
  const slug = await promotable(request);
  const target = await createTarget(request, "production", 1, 8192, {
    delivery: { kind: "gitops", repoUrl: missing, format: "kubernetes", namespace: "ml" },
  });

  await signIn(page, "editor");
  await page.goto(`/models/${slug}/versions/1`);
  const readiness = page.getByRole("region", { name: "What blocks production" });
  await readiness.getByLabel("Target").selectOption(target.slug);
  const gate = readiness.getByText("The target's deployment repository can take this version");
  await expect(gate).toBeVisible();
  await expect(readiness).toContainText("has no image: a Kubernetes Deployment needs one");
  await readiness.getByRole("link", { name: "Set the serving image" }).click();
  await expect(page).toHaveURL(/#artifact$/);
  const artifact = page.locator("#artifact");
  await artifact.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit v1 details" });
  await dialog.getByLabel("Serving image").fill("ghcr.io/acme/churn-server:1.4");
  await dialog.getByRole("button", { name: "Save details" }).click();
  await expect(dialog).toBeHidden();
  // The gates are read again: nothing blocks on this target now.
  await expect(readiness.getByText("nothing blocks")).toBeVisible();

  const deploymentId = await ship(request, slug, 1, target.slug);
  await page.goto(`/targets/${target.slug}`);
  const card = page.locator("section").filter({
    has: page.getByRole("heading", { name: "Delivery", exact: true }),
  });
  // The first push fails at once; the row says why and when it is tried again.
  await expect(async () => {
    await page.reload();
    await expect(card.getByText(/^Attempt \d+ failed: /)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(card).toContainText("pending");
  await page.goto(`/deployments/${deploymentId}`);
  const note = page.getByTestId("delivery-note");
  await expect(note).toContainText("Manifest not committed yet");
  await expect(note).toContainText("missing.git");
  await expect(note).toContainText("Next attempt");
});
