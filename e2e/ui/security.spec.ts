import { type Page, expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../support/fixtures";

// Sign-in keeps its promise to come back only to a page of this site.

async function signInFrom(page: Page, url: string) {
  await page.goto(url, { waitUntil: "networkidle" });
  await page.getByLabel("Email").fill("viewer@modelgate.dev");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("sign-in – a callbackUrl to another site is ignored: //evil.example lands on /models here", async ({ page, baseURL }) => {
  await signInFrom(page, "/login?callbackUrl=//evil.example");
  await expect(page).toHaveURL(`${baseURL}/models`);
  await expect(page.getByRole("heading", { level: 1, name: "Models" })).toBeVisible();
});

test("sign-in – an encoded backslash callbackUrl is ignored too", async ({ page, baseURL }) => {
  await signInFrom(page, `/login?callbackUrl=${encodeURIComponent("/\\evil.example")}`);
  await expect(page).toHaveURL(`${baseURL}/models`);
});

test("sign-in – callbackUrl=/targets lands on /targets", async ({ page, baseURL }) => {
  await signInFrom(page, "/login?callbackUrl=/targets");
  await expect(page).toHaveURL(`${baseURL}/targets`);
  await expect(page.getByRole("heading", { level: 1, name: "Deployment targets" })).toBeVisible();
});
