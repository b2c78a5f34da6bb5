import { expect, test } from "@playwright/test";
import { alertEndpoints } from "@/lib/endpoints/alerts";
import { endpointEndpoints } from "@/lib/endpoints/endpoints";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { parsed } from "../support/api";
import { bearer, signIn } from "../support/fixtures";
import { createTarget, promotable, ship } from "../support/promotions";

// Issue 16's acceptance, as a team would do it: promote a version to production and roll it
// back. The model server keeps pushing to one endpoint URL throughout; the endpoint's charts
// continue across both releases with markers, and the firing alert stays open on the endpoint.

test("monitoring follows the endpoint through a promotion and a rollback: one URL, continuous charts with markers, the alert stays open", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const slug = await promotable(request, 2);
  const target = (await createTarget(request, "production", 1)).slug;
  const d1 = await ship(request, slug, 1, target);
  const endpoint = `/api/v1/models/${slug}/targets/${target}`;

  // The model server: the same URL and body before and after every release.
  const serve = async (latency: number) => {
    const res = await request.post(`${endpoint}/metrics`, {
      headers: bearer("editor"),
      data: {
        points: [
          { name: "latency_ms", value: latency },
          { name: "queue_depth", value: 500 },
        ],
      },
    });
    expect(res.status(), await res.text()).toBe(202);
    const preds = await request.post(`${endpoint}/predictions`, {
      headers: bearer("editor"),
      data: { records: [{ features: { x: latency }, prediction: 1, latencyMs: latency }] },
    });
    expect(preds.status(), await preds.text()).toBe(202);
  };

  const rule = await request.post("/api/v1/alert-rules", {
    headers: bearer("editor"),
    data: {
      name: `queue ${slug}`,
      scope: { model: slug, target },
      kind: "metric",
      metric: "queue_depth",
      aggregation: "max",
      comparator: ">",
      threshold: 100,
      windowSeconds: 3600,
      severity: "warning",
    },
  });
  expect(rule.status(), await rule.text()).toBe(201);
  const ruleId = (await parsed(rule, alertEndpoints.createRule)).id;
  await serve(40);

  const openAlerts = async () =>
    (
      await parsed(
        await request.get(`/api/v1/alerts?model=${slug}&target=${target}&state=open`, {
          headers: bearer("viewer"),
        }),
        alertEndpoints.list,
      )
    ).items.filter((a) => a.ruleId === ruleId);
  await expect
    .poll(async () => (await openAlerts()).map((a) => a.state), {
      timeout: 75_000,
      intervals: [2_000],
    })
    .toEqual(["firing"]);
  const [firing] = await openAlerts();

  // Promote v2, then roll it back to v1: the server changes nothing.
  const d2 = await ship(request, slug, 2, target);
  await serve(60);
  const back = await request.post(`/api/v1/deployments/${d2}/rollback`, {
    headers: bearer("approver"),
    data: { reason: "latency went up with v2" },
  });
  expect(back.status(), await back.text()).toBe(201);
  const d3 = (await parsed(back, deploymentEndpoints.rollback)).id;
  await serve(45);

  const info = await parsed(
    await request.get(endpoint, { headers: bearer("viewer") }),
    endpointEndpoints.get,
  );
  expect(info.running).toEqual([{ deploymentId: d3, version: 1 }]);
  expect(info.releases.map((r) => [r.deploymentId, r.version, r.rollback])).toEqual([
    [d1, 1, false],
    [d2, 2, false],
    [d3, 1, true],
  ]);
  // Each push landed on the release running at the time; the endpoint's series has them all.
  const series = await parsed(
    await request.get(`${endpoint}/metrics?name=latency_ms&range=1h&buckets=1`, {
      headers: bearer("viewer"),
    }),
    endpointEndpoints.readMetrics,
  );
  expect(series.points.reduce((n, p) => n + p.count, 0)).toBe(3);
  for (const id of [d1, d2, d3]) {
    const own = await request.get(`/api/v1/deployments/${id}/metrics?name=latency_ms&range=1h`, {
      headers: bearer("viewer"),
    });
    expect(((await own.json()) as { points: { count: number }[] }).points).toHaveLength(1);
  }
  // The alert opened under v1 is the endpoint's: still the one open alert after two releases.
  expect((await openAlerts()).map((a) => [a.id, a.state])).toEqual([[firing.id, "firing"]]);

  // The endpoint's page: the stable address opens what runs now, with both releases marked.
  await signIn(page, "viewer");
  await page.goto(`/models/${slug}/targets/${target}`);
  await expect(page).toHaveURL(new RegExp(`/deployments/${d3}$`));
  await expect(page.getByText(/across 3 releases/)).toBeVisible();
  await expect(page.getByTestId("release-comparison")).toBeVisible();
  await page.getByRole("button", { name: "Last 1 h" }).click();
  const latency = page.getByRole("img", { name: /latency/i }).first();
  await expect(latency.locator("text", { hasText: /^v2$/ })).toBeVisible();
  await expect(latency.locator("text", { hasText: "v1 (rollback)" })).toBeVisible();
});
