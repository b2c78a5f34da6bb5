import { describe, expect, it } from "vitest";
import { webhookCreateChecked, webhookUpdateChecked } from "./webhook-input";

// The routes parse webhook bodies with these: the shared shape plus the internal-address check.

const issues = (r: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => (r.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);

describe("webhook bodies on the server", () => {
  it("refuses internal addresses in any spelling, alongside every other invalid field", () => {
    for (const url of ["http://127.0.0.2/", "http://0x7f000001/", "http://[::ffff:127.0.0.1]/"]) {
      const r = webhookCreateChecked.safeParse({ url, events: [] });
      expect(r.success).toBe(false);
      const found = issues(r);
      expect(found.some((i) => i.startsWith("url: "))).toBe(true);
      expect(found.some((i) => i.startsWith("events: "))).toBe(true);
    }
  });

  it("keeps the shared checks: credentials, unknown fields, empty updates", () => {
    expect(
      issues(webhookCreateChecked.safeParse({ url: "https://u:p@example.com/", events: ["*"] })),
    ).toEqual(["url: must not carry credentials"]);
    expect(
      webhookCreateChecked.safeParse({ url: "https://example.com/", events: ["*"], x: 1 }).success,
    ).toBe(false);
    expect(webhookUpdateChecked.safeParse({}).success).toBe(false);
    expect(webhookUpdateChecked.safeParse({ url: "http://10.0.0.1/" }).success).toBe(false);
    expect(webhookUpdateChecked.safeParse({ active: false }).success).toBe(true);
  });
});
