// The headers that depend on the request or the deployment, for every HTML page (set by
// proxy.ts). The constant ones (X-Frame-Options, X-Content-Type-Options, Referrer-Policy)
// are in next.config.js `headers()`, which also covers API routes and static files.
//
// Content-Security-Policy: scripts run only with this request's nonce, which Next puts on
// its own scripts (it reads it from the CSP request header) and next-themes gets through
// the root layout; 'strict-dynamic' lets those scripts load the chunks they need. Styles
// stay 'unsafe-inline': Tailwind, Radix and recharts set style attributes, and a nonce in
// style-src would switch 'unsafe-inline' off. Pure: tested without a server.

/** Request header in which proxy.ts passes the nonce on to the root layout. */
export const NONCE_HEADER = "x-nonce";

const HSTS = "max-age=63072000; includeSubDomains";
/** base64 (or base64url): anything else could close the source list and add directives. */
const NONCE_SHAPE = /^[A-Za-z0-9+/_-]+={0,2}$/;

export interface PolicyOptions {
  nonce: string;
  /** `next dev`: React rebuilds server error stacks with eval. */
  dev: boolean;
  /** The site is served over https: browsers may upgrade any http sub-request. */
  https?: boolean;
  /** OIDC_ISSUER when single sign-on is on: the sign-in flow posts on to it. */
  oidcIssuer?: string;
}

/** 16 random bytes, base64: a fresh one for every page request. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** Whether NEXTAUTH_URL is https, by the rule next-auth itself uses for its cookie names. */
export function servesHttps(nextAuthUrl: string | undefined): boolean {
  return nextAuthUrl?.startsWith("https://") ?? false;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function contentSecurityPolicy({
  nonce,
  dev,
  https = false,
  oidcIssuer,
}: PolicyOptions): string {
  if (!NONCE_SHAPE.test(nonce)) throw new Error("The CSP nonce must be base64");
  const issuer = originOf(oidcIssuer);
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(dev ? ["'unsafe-eval'"] : []),
    ],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'", ...(issuer ? [issuer] : [])],
    ["frame-ancestors", "'none'"],
    ...(https ? [["upgrade-insecure-requests"] as [string]] : []),
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** Content-Security-Policy, and Strict-Transport-Security when NEXTAUTH_URL is https. */
export function pageSecurityHeaders(options: {
  nonce: string;
  dev: boolean;
  nextAuthUrl: string | undefined;
  oidcIssuer?: string;
}): Record<string, string> {
  const https = servesHttps(options.nextAuthUrl);
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy({ ...options, https }),
  };
  if (https) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}
