import { describe, expect, it } from "vitest";
import { loginPath, safeCallbackPath } from "./safe-redirect";

// Spellings an attacker puts in `?callbackUrl=` to send a freshly signed-in user to their
// own site. Each one either leaves the origin in some browser or server, or decodes to
// something that does.
const attacks = [
  "//evil.com",
  "///evil.com",
  "/\\evil.com",
  "\\\\evil",
  "\\/evil.com",
  "/%2f%2fevil.com",
  "/%2F%2Fevil.com",
  "/%252f%252fevil.com",
  "/%5cevil",
  "/%5Cevil.com",
  "/.//evil.com",
  "/%2e//evil.com",
  "/a/..//evil.com",
  "/./%2f/evil.com",
  "/models/..%2f..%2f/evil.com",
  "https://evil.com",
  "http:/evil",
  "HTTPS://evil.com",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "/\t/evil.com",
  "/\n/evil.com",
  "/\r\n/evil.com",
  "/%09/evil.com",
  "/%0d%0aSet-Cookie:x=1",
  " //evil",
  "\t//evil",
  "/\u0000/evil.com",
  "evil.com",
  "%2F%2Fevil.com",
  "/models%",
  "/\uff0fevil.com",
  "/%EF%BC%8Fevil.com",
];

describe("safeCallbackPath", () => {
  it.each(attacks)("refuses %j", (raw) => {
    expect(safeCallbackPath(raw)).toBe("/models");
  });

  it.each([
    ["/models", "/models"],
    ["/", "/"],
    ["/targets", "/targets"],
    [
      "/models/seattle-weather/versions/3?tab=checklist",
      "/models/seattle-weather/versions/3?tab=checklist",
    ],
    ["/models?x=//evil", "/models?x=//evil"],
    ["/models?next=https://evil.com", "/models?next=https://evil.com"],
    ["/models#frag", "/models#frag"],
    ["/models?q=a%20b", "/models?q=a%20b"],
    ["/models/../targets", "/targets"],
  ])("keeps the same-origin path %j", (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });

  it("answers the fallback for anything that is not one string", () => {
    for (const raw of [undefined, null, "", 42, ["/targets"], { href: "/targets" }]) {
      expect(safeCallbackPath(raw)).toBe("/models");
    }
    expect(safeCallbackPath("//evil.com", "/targets")).toBe("/targets");
  });

  it("refuses an absurdly long path rather than parse it", () => {
    expect(safeCallbackPath(`/models?q=${"a".repeat(5000)}`)).toBe("/models");
  });
});

describe("loginPath", () => {
  it("carries the asked-for path as callbackUrl, encoded", () => {
    expect(loginPath("/targets/aws-prod?tab=history")).toBe(
      "/login?callbackUrl=%2Ftargets%2Faws-prod%3Ftab%3Dhistory",
    );
  });

  it("is plain /login when there is nothing (safe) to come back to", () => {
    expect(loginPath(null)).toBe("/login");
    expect(loginPath("//evil.com")).toBe("/login");
    expect(loginPath("/models")).toBe("/login");
  });
});
