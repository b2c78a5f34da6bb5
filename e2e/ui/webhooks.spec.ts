import { createHmac } from "node:crypto";
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { bearer, signIn } from "../support/fixtures";

// A receiver on this machine (the app server runs here too) records what Modelgate POSTs.

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

test("webhooks – an admin creates a webhook, sees the secret once, sends a test and the signed delivery succeeds", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${Date.now().toString(36)}`;

  try {
    await signIn(page, "admin");
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("link", { name: "Webhooks" })).toHaveAttribute(
      "aria-current",
      "page",
    );

    await page.getByRole("button", { name: "New webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook" });
    // Nothing chosen: the API's field error shows inline.
    await dialog.getByLabel("Payload URL").fill(url);
    await dialog.getByRole("button", { name: "Create webhook" }).click();
    await expect(dialog.getByText("subscribe to at least one event")).toBeVisible();

    await dialog.getByLabel("deployment.activated").check();
    await dialog.getByLabel("alert.firing").check();
    await dialog.getByRole("button", { name: "Create webhook" }).click();

    const secretDialog = page.getByRole("dialog", { name: "Copy the signing secret now" });
    const secret = (await secretDialog.getByTestId("webhook-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_/);
    await expect(secretDialog.getByText('crypto.createHmac("sha256", secret)')).toBeVisible();
    await secretDialog.getByRole("button", { name: "Done" }).click();
    await expect(secretDialog).toBeHidden();
    // Shown once: nowhere on the page after the dialog closes.
    await expect(page.getByText(secret)).toHaveCount(0);

    const row = page.getByRole("row").filter({ hasText: url });
    await expect(row.getByText("deployment.activated")).toBeVisible();
    await expect(row.getByRole("switch", { name: `${url} active` })).toHaveAttribute(
      "aria-checked",
      "true",
    );
    await expect(row.getByText("never")).toBeVisible();

    await row.getByRole("button", { name: `Send a test delivery to ${url}` }).click();
    const log = page.getByRole("region", { name: `Deliveries to ${url}` });
    await expect(log.getByText("webhook.test")).toBeVisible();
    await expect(log.getByText("succeeded", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(log.getByRole("cell", { name: "204" })).toBeVisible();
    await expect(row.getByText("succeeded", { exact: true })).toBeVisible();

    const a11y = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(
      a11y.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} – ${v.nodes[0]?.target}`),
    ).toEqual([]);

    const test_ = received.find((r) => r.headers["x-modelgate-event"] === "webhook.test");
    expect(test_, "the receiver got the test delivery").toBeTruthy();
    const timestamp = String(test_!.headers["x-modelgate-timestamp"]);
    const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${test_!.body}`).digest("hex")}`;
    expect(test_!.headers["x-modelgate-signature"]).toBe(expected);
    expect(JSON.parse(test_!.body)).toMatchObject({ type: "webhook.test" });

    // Delete, confirming first.
    await row.getByRole("button", { name: `Delete ${url}` }).click();
    const confirm = page.getByRole("dialog", { name: "Delete this webhook?" });
    await confirm.getByRole("button", { name: "Delete webhook" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByRole("row").filter({ hasText: url })).toHaveCount(0);
  } finally {
    // Leave nothing behind if the test failed half-way.
    const admin = { headers: bearer("admin") };
    const list = await request.get("/api/v1/webhooks", admin);
    if (list.ok()) {
      for (const h of (
        (await list.json()) as { items: { id: string; url: string }[] }
      ).items.filter((h) => h.url === url)) {
        await request.delete(`/api/v1/webhooks/${h.id}`, admin);
      }
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
