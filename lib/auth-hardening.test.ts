import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cookieOptions, redirectCallback } from "./auth-hardening";

const baseUrl = "https://modelgate.example.com";

describe("redirectCallback", () => {
  it.each([
    ["/targets", `${baseUrl}/targets`],
    [
      "/models/seattle-weather?tab=versions#v3",
      `${baseUrl}/models/seattle-weather?tab=versions#v3`,
    ],
    [`${baseUrl}/promotions`, `${baseUrl}/promotions`],
    ["/login", `${baseUrl}/login`],
  ])("keeps %j on this site", (url, expected) => {
    expect(redirectCallback({ url, baseUrl })).toBe(expected);
  });

  it.each([
    "https://evil.example/models",
    "//evil.example",
    "/\\evil.example",
    "/%2f%2fevil.example",
    "javascript:alert(1)",
    `${baseUrl}//evil.example`,
    `${baseUrl}/%5cevil.example`,
    "https://modelgate.example.com.evil.example/",
    "https://modelgate.example.com@evil.example/",
    "http://modelgate.example.com/models",
    "not a url",
  ])("sends %j to the inventory on this site instead", (url) => {
    expect(redirectCallback({ url, baseUrl })).toBe(`${baseUrl}/models`);
  });
});

describe("cookieOptions", () => {
  // next-auth's own defaults, read from its (unexported) module: the names must stay the
  // ones getToken() looks for, or every session would be lost.
  const require = createRequire(import.meta.url);
  const { defaultCookies } = require(path.resolve("node_modules/next-auth/core/lib/cookie.js")) as {
    defaultCookies: (
      secure: boolean,
    ) => Record<string, { name: string; options: Record<string, unknown> }>;
  };

  it("makes every cookie Secure with the __Secure-/__Host- prefixes behind https", () => {
    const options = cookieOptions("https://modelgate.example.com");
    expect(options.useSecureCookies).toBe(true);
    const cookies = options.cookies!;
    expect(cookies.sessionToken!.name).toBe("__Secure-next-auth.session-token");
    expect(cookies.csrfToken!.name).toBe("__Host-next-auth.csrf-token");
    for (const cookie of Object.values(cookies)) {
      expect(cookie.options).toMatchObject({
        secure: true,
        httpOnly: true,
        sameSite: "lax",
        path: "/",
      });
    }
    expect(cookies).toEqual(defaultCookies(true));
  });

  it("keeps plain names and no Secure flag on http (a browser would drop Secure cookies there)", () => {
    for (const url of ["http://localhost:3000", undefined]) {
      const options = cookieOptions(url);
      expect(options.useSecureCookies).toBe(false);
      expect(options.cookies!.sessionToken!.name).toBe("next-auth.session-token");
      expect(options.cookies).toEqual(defaultCookies(false));
    }
  });
});
