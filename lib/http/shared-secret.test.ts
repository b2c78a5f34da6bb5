import { describe, expect, it } from "vitest";
import { bearerMatches } from "./shared-secret";

const secret = "metrics-token-0123456789";

describe("bearerMatches", () => {
  it("accepts exactly `Bearer <secret>`, the scheme in any case", () => {
    expect(bearerMatches(`Bearer ${secret}`, secret)).toBe(true);
    expect(bearerMatches(`bearer ${secret}`, secret)).toBe(true);
  });

  it.each([
    null,
    "",
    secret,
    `Basic ${secret}`,
    `Bearer ${secret}x`,
    `Bearer ${secret.slice(0, -1)}`,
    `Bearer ${secret.toUpperCase()}`,
    "Bearer ",
    `Bearer ${secret} ${secret}`,
  ])("refuses %j", (header) => {
    expect(bearerMatches(header, secret)).toBe(false);
  });
});
