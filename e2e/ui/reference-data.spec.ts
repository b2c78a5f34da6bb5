import { expect, test } from "@playwright/test";
import { bearer, signIn, unique } from "../support/fixtures";

// The reference data card on a fresh version: upload a CSV, override a type, send it again.

test("reference data – an editor uploads a CSV, overrides a feature's type and re-uploads", async ({
  page,
  request,
}) => {
  const slug = unique("reference-card")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
  let res = await request.post("/api/v1/models", {
    headers: bearer("editor"),
    data: { slug, name: slug },
  });
  expect(res.status()).toBe(201);
  res = await request.post(`/api/v1/models/${slug}/versions`, {
    headers: bearer("editor"),
    data: { artifactUri: `s3://refs/${slug}/1/model.onnx` },
  });
  expect(res.status()).toBe(201);

  await signIn(page, "editor");
  await page.goto(`/models/${slug}/versions/1`);
  await expect(page.getByText("No reference data")).toBeVisible();
  const csv = [
    "temp,weather,code",
    ...Array.from({ length: 20 }, (_, i) => `${i * 1.5},${i % 2 ? "sun" : "rain"},${i % 3}`),
  ].join("\n");
  await page.getByTestId("reference-file").setInputFiles({
    name: "weather.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await expect(page.getByText("Profiled 20 rows and 3 features from weather.csv.")).toBeVisible();
  const resend = page.getByRole("button", { name: "Re-upload with these types" });
  await expect(resend).toBeDisabled();
  await page.getByLabel("Type of code").selectOption("categorical");
  await expect(resend).toBeEnabled();
  await resend.click();
  await expect(page.getByText("Profiled 20 rows and 3 features from weather.csv.")).toBeVisible();
  await expect(page.getByLabel("Type of code")).toHaveValue("categorical");

  // Not a CSV: refused in the browser, nothing is sent.
  await page.getByTestId("reference-file").setInputFiles({
    name: "notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("hello"),
  });
  await expect(page.getByRole("alert").filter({ hasText: "not a CSV" })).toContainText(
    "notes.txt is not a CSV file.",
  );

  await page.reload();
  const row = page.getByRole("row", { name: /code/ });
  await expect(row).toContainText("categorical");
  await expect(row).toContainText("set");
});
