import { type Page, type Response, expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn } from "../support/fixtures";

// Sign-in comes back only to a page of this site; every HTML page carries the browser
// protections, and the app really works under them: a Content-Security-Policy that lets
// scripts run only by a per-request nonce would, if anything were missed, show up as
// "Refused to …" / CSP errors and a dead page.

async function signInFrom(page: Page, url: string) {
  await page.goto(url, { waitUntil: "networkidle" });
  await page.getByLabel("Email").fill("viewer@modelgate.dev");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

const NONCE = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/;

function expectProtections(response: Response | null): string {
  expect(response, "the page answered").not.toBeNull();
  const headers = response!.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toMatch(NONCE);
  expect(csp).not.toContain("'unsafe-eval'");
  for (const directive of [
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // The suite serves plain http (NEXTAUTH_URL http://127.0.0.1:…): no HSTS, or the browser
  // would refuse this host over http for two years.
  expect(headers["strict-transport-security"]).toBeUndefined();
  return NONCE.exec(csp)![1];
}

/** Every CSP complaint the page makes: console errors, uncaught errors and violation events. */
function watchForViolations(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(text))
      problems.push(text);
  });
  page.on("pageerror", (error) => {
    if (/Content Security Policy|Refused to/i.test(error.message)) problems.push(error.message);
  });
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { __cspViolations?: string[] };
      (w.__cspViolations ??= []).push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  return problems;
}

async function violationsInPage(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
  );
}

test("sign-in – a callbackUrl to another site is ignored: //evil.example lands on /models here", async ({
  page,
  baseURL,
}) => {
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

test("security headers – the sign-in page and a dashboard page send a nonce CSP and the browser protections", async ({
  page,
}) => {
  const login = await page.goto("/login");
  const nonce = expectProtections(login);
  // Next puts the request's nonce on its own scripts, and next-themes gets it too.
  const html = await login!.text();
  expect(html).toContain(`nonce="${nonce}"`);
  expect(
    html.match(/<script(?![^>]*\bnonce=)[^>]*>/g) ?? [],
    "script tags without the nonce",
  ).toEqual([]);

  const again = expectProtections(await page.goto("/login"));
  expect(again, "a fresh nonce per request").not.toBe(nonce);

  await signIn(page, "viewer");
  const dashboard = await page.goto("/models/seattle-weather");
  expectProtections(dashboard);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Seattle weather");
});

test("security headers – signing in, client-side navigation, charts, live updates and the theme all work under the CSP", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const problems = watchForViolations(page);
  await signIn(page, "viewer");

  // Client-side navigation: the inventory's search, then a model's page, then the sidebar.
  await page.getByLabel("Search models").fill("seattle");
  await page.getByRole("button", { name: "Apply" }).click();
  await page
    .getByRole("link", { name: /Seattle weather classifier/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/models\/seattle-weather$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Seattle weather");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Monitoring" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Monitoring" })).toBeVisible({
    timeout: 20_000,
  });

  // A version page with its chart, and the checklist's live stream (an EventSource: connect-src).
  const stream = page.waitForResponse(
    (r) => r.url().includes("/checklist/events") && r.status() === 200,
  );
  await page.goto("/models/seattle-weather/versions/3?tab=checklist");
  await stream;
  await expect(page.getByTestId("viewers")).toBeVisible();

  // next-themes' inline script and its class switch.
  const html = page.locator("html");
  const wasDark = (await html.getAttribute("class"))?.includes("dark") ?? false;
  await page
    .getByRole("button", { name: wasDark ? "Switch to light mode" : "Switch to dark mode" })
    .click();
  await expect(html).toHaveClass(wasDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
  await page.reload();
  await expect(html).toHaveClass(wasDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);

  expect(problems).toEqual([]);
  expect(await violationsInPage(page)).toEqual([]);
});

test("sign-in – a signed-out visit to a page comes back to that page after signing in", async ({
  page,
  baseURL,
}) => {
  await page.goto("/targets/aws-prod?tab=history");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftargets%2Faws-prod%3Ftab%3Dhistory$/);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill("viewer@modelgate.dev");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${baseURL}/targets/aws-prod?tab=history`);
});
