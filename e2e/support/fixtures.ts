import { readFileSync } from "node:fs";
import path from "node:path";
import { type Locator, type Page, expect } from "@playwright/test";

/** The demo's four roles, and "reviewer": a second approver the suite uses for waivers. */
export type DemoRole = "viewer" | "editor" | "approver" | "admin" | "reviewer";

export function tokens(): Record<DemoRole, string> {
  return JSON.parse(readFileSync(path.join("e2e", ".auth", "tokens.json"), "utf8")).tokens;
}

export const bearer = (role: DemoRole) => ({ Authorization: `Bearer ${tokens()[role]}` });

export const DEMO_PASSWORD = "modelgate-demo";

/** METRICS_TOKEN of the suite's server (playwright.config.ts): /api/metrics needs it. */
export const METRICS_TOKEN = "e2e-metrics-token-0123456789";

export async function signIn(page: Page, role: DemoRole) {
  // Wait for hydration so the click runs the client-side sign-in.
  await page.goto("/login", { waitUntil: "networkidle" });
  await page.getByLabel("Email").fill(`${role}@modelgate.dev`);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/models$/);
}

export const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/**
 * Open a disclosure (a button with aria-expanded) and keep it open. A click that lands before
 * the page is hydrated does nothing, so it is repeated until the button says it is expanded;
 * a click that worked is never repeated (it would close it again).
 */
export async function expand(button: Locator) {
  await expect(async () => {
    if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true", { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
}
