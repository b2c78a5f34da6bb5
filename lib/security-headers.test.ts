import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  createNonce,
  pageSecurityHeaders,
  servesHttps,
} from "./security-headers";

const nonce = "bm9uY2Utbm9uY2Utbm9uY2U=";

/** The policy as directive → sources, so tests can ask about one directive at a time. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe("contentSecurityPolicy", () => {
  it("allows scripts only by this request's nonce (and what they load), styles inline", () => {
    const csp = directives(contentSecurityPolicy({ nonce, dev: false }));
    expect(csp["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(csp["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["img-src"]).toEqual(["'self'", "data:", "blob:"]);
    expect(csp["font-src"]).toEqual(["'self'", "data:"]);
    expect(csp["connect-src"]).toEqual(["'self'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'self'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
  });

  it("has no 'unsafe-eval' and no 'unsafe-inline' for scripts in production", () => {
    const policy = contentSecurityPolicy({ nonce, dev: false });
    expect(directives(policy)["script-src"]).not.toContain("'unsafe-eval'");
    expect(directives(policy)["script-src"]).not.toContain("'unsafe-inline'");
  });

  it("adds 'unsafe-eval' in development, where React rebuilds server stacks with eval", () => {
    expect(directives(contentSecurityPolicy({ nonce, dev: true }))["script-src"]).toContain(
      "'unsafe-eval'",
    );
  });

  it("lets the sign-in form post on to the OpenID Connect issuer's origin, only when configured", () => {
    const csp = directives(
      contentSecurityPolicy({
        nonce,
        dev: false,
        oidcIssuer: "https://login.example.com/realms/acme/",
      }),
    );
    expect(csp["form-action"]).toEqual(["'self'", "https://login.example.com"]);
  });

  it("upgrades insecure requests only for an https site (it would break plain-http installs)", () => {
    expect(directives(contentSecurityPolicy({ nonce, dev: false, https: true }))).toHaveProperty(
      "upgrade-insecure-requests",
    );
    expect(
      directives(contentSecurityPolicy({ nonce, dev: false, https: false })),
    ).not.toHaveProperty("upgrade-insecure-requests");
  });

  it("refuses a nonce that could smuggle extra directives into the header", () => {
    expect(() => contentSecurityPolicy({ nonce: "abc'; script-src *", dev: false })).toThrow(
      /nonce/,
    );
  });
});

describe("pageSecurityHeaders", () => {
  it("sends HSTS for two years with subdomains when NEXTAUTH_URL is https", () => {
    const headers = pageSecurityHeaders({
      nonce,
      dev: false,
      nextAuthUrl: "https://modelgate.example.com",
    });
    expect(headers["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(headers["Content-Security-Policy"]).toContain(`'nonce-${nonce}'`);
    expect(headers["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });

  it("sends no HSTS over plain http or without NEXTAUTH_URL", () => {
    for (const nextAuthUrl of ["http://localhost:3000", undefined]) {
      const headers = pageSecurityHeaders({ nonce, dev: false, nextAuthUrl });
      expect(headers).not.toHaveProperty("Strict-Transport-Security");
      expect(headers["Content-Security-Policy"]).toContain(`'nonce-${nonce}'`);
    }
  });
});

describe("createNonce", () => {
  it("is base64 of 16 random bytes, fresh every time", () => {
    const a = createNonce();
    const b = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a).not.toBe(b);
  });
});

describe("servesHttps", () => {
  it("reads the scheme the way next-auth does", () => {
    expect(servesHttps("https://modelgate.example.com")).toBe(true);
    expect(servesHttps("http://localhost:3000")).toBe(false);
    expect(servesHttps(undefined)).toBe(false);
  });
});
