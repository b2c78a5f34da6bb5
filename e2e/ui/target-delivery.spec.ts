import { expect, test } from "@playwright/test";
import { targetEndpoints } from "@/lib/endpoints/targets";
import { parsed } from "../support/api";
import { bearer, signIn, unique } from "../support/fixtures";
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
