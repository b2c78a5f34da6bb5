import { expect, type Page, test } from "@playwright/test";
import { versionEndpoints } from "@/lib/endpoints/versions";
import { parsed } from "../support/api";
import { bearer, signIn } from "../support/fixtures";
import { createTarget, promotable, ship } from "../support/promotions";

// A version's serving image and lineage are set from its page (issue 18: the image a Kubernetes
// target deploys), by editors, until the version is approved or running.

const artifactCard = (page: Page) =>
  page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "Artifact", exact: true }) });

const digest = `sha256:${"ab".repeat(32)}`;

test("an editor sets the serving image; a bad reference is refused on its field and changes nothing", async ({
  page,
  request,
}) => {
  const slug = await promotable(request);
  await signIn(page, "editor");
  await page.goto(`/models/${slug}/versions/1`);
  const artifact = artifactCard(page);
  await artifact.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit v1 details" });
  const image = dialog.getByLabel("Serving image");

  await image.fill("churn-server:latest");
  await dialog.getByRole("button", { name: "Save details" }).click();
  await expect(image).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText(/registry/)).toBeVisible();

  await image.fill(`ghcr.io/acme/churn-server:1.4@${digest}`);
  await dialog.getByLabel("Git commit").fill("ABCDEF1");
  await dialog.getByRole("button", { name: "Save details" }).click();
  await expect(dialog).toBeHidden();
  await expect(artifact).toContainText(`ghcr.io/acme/churn-server:1.4@${digest}`);

  const v = await parsed(
    await request.get(`/api/v1/models/${slug}/versions/1`, { headers: bearer("viewer") }),
    versionEndpoints.get,
  );
  expect(v.image).toBe(`ghcr.io/acme/churn-server:1.4@${digest}`);
  expect(v.gitCommit).toBe("abcdef1");
  expect(v.format).toBeNull();
});

test("viewers read the details without an Edit button; a running version says it is frozen", async ({
  browser,
  request,
}) => {
  const slug = await promotable(request);
  const viewer = await browser.newPage();
  await signIn(viewer, "viewer");
  await viewer.goto(`/models/${slug}/versions/1`);
  await expect(artifactCard(viewer)).toContainText(`s3://models/${slug}/1/model.onnx`);
  await expect(artifactCard(viewer).getByRole("button")).toHaveCount(0);

  const target = await createTarget(request, "production", 1);
  await ship(request, slug, 1, target.slug);
  const editor = await browser.newPage();
  await signIn(editor, "editor");
  await editor.goto(`/models/${slug}/versions/1`);
  const artifact = artifactCard(editor);
  await expect(artifact.getByText("Frozen: running")).toBeVisible();
  await expect(artifact.getByRole("button", { name: "Edit" })).toHaveCount(0);

  // The API says the same to anyone who goes around the page.
  const res = await request.patch(`/api/v1/models/${slug}/versions/1`, {
    headers: bearer("editor"),
    data: { image: "ghcr.io/acme/other:1" },
  });
  expect(res.status()).toBe(409);
});
