import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { alertEndpoints } from "@/lib/endpoints/alerts";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { rolloutEndpoints } from "@/lib/endpoints/rollouts";
import { bearer, signIn } from "../support/fixtures";
import { parsed } from "../support/api";

// Every dashboard page through axe (WCAG 2.2 AA), in light and dark mode, on a desktop and on
// a phone (390×844). The four modes run as four tests, two at a time.

const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function pages(request: APIRequestContext) {
  const deployments = await parsed(
    await request.get("/api/v1/deployments?status=active&model=seattle-weather", {
      headers: bearer("viewer"),
    }),
    deploymentEndpoints.list,
  );
  const alerts = await parsed(
    await request.get("/api/v1/alerts?limit=1", { headers: bearer("viewer") }),
    alertEndpoints.list,
  );
  const rollouts = await parsed(
    await request.get("/api/v1/rollouts?limit=1", { headers: bearer("viewer") }),
    rolloutEndpoints.list,
  );
  const deployment = deployments.items[0].id;
  return [
    "/models",
    "/models/seattle-weather",
    "/models/seattle-weather/compare",
    "/models/seattle-weather/compare?versions=2,3",
    "/models/seattle-weather/versions/3",
    "/models/seattle-weather/versions/2?tab=checklist",
    "/models/seattle-weather/versions/3?tab=promotions",
    "/targets",
    "/targets/aws-prod",
    "/targets/edge-hybrid",
    ...(rollouts.items[0] ? [`/rollouts/${rollouts.items[0].id}`] : []),
    "/promotions",
    "/monitoring",
    "/monitoring?health=crit",
    `/deployments/${deployment}`,
    `/deployments/${deployment}/drift`,
    "/alerts",
    ...(alerts.items[0] ? [`/alerts/${alerts.items[0].id}`] : []),
    "/alerts/rules",
    "/audit",
    "/settings/account",
    "/settings/tokens",
    "/settings/users",
    "/settings/checklist",
    "/settings/webhooks",
    "/docs/api",
  ];
}

test.describe.configure({ mode: "parallel" });

for (const scheme of ["light", "dark"] as const) {
  for (const [device, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    test(`accessibility – no axe violations on any dashboard page (${scheme}, ${device})`, async ({
      browser,
      request,
    }) => {
      // Some twenty full scans, seconds each: about 3 minutes a mode on two idle cores, 6 when
      // they are shared.
      test.setTimeout(540_000);
      const context = await browser.newContext({ colorScheme: scheme, viewport });
      const page = await context.newPage();
      try {
        await signIn(page, "admin");
        for (const path of await pages(request)) {
          await page.goto(path, { waitUntil: "domcontentloaded" });
          await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
          if (scheme === "dark") await expect(page.locator("html")).toHaveClass(/\bdark\b/);
          const results = await new AxeBuilder({ page })
            .withTags(tags)
            // Only the violations: collecting the passes doubles the time of a scan.
            .options({ resultTypes: ["violations"] })
            .analyze();
          // Soft: one page's violations do not hide the next page's.
          expect
            .soft(
              results.violations.map(
                (v) =>
                  `${v.id} (${v.impact}) – ${v.nodes
                    .slice(0, 3)
                    .map((n) => n.target.join(" "))
                    .join(", ")}`,
              ),
              `${path} (${scheme}, ${device})`,
            )
            .toEqual([]);
        }
      } finally {
        await context.close();
      }
    });
  }
}
