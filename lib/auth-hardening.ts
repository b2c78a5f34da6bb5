import type { CookiesOptions, NextAuthOptions } from "next-auth";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { servesHttps } from "@/lib/security-headers";

// Two pieces of next-auth configuration that keep sign-in on this site, for authOptions()
// in lib/auth.ts:
//   callbacks: { ..., redirect: redirectCallback }
//   ...cookieOptions(env().NEXTAUTH_URL)

/**
 * next-auth's `callbacks.redirect`: every `callbackUrl` next-auth honours (sign-in, OIDC
 * return, sign-out, its callback-url cookie) ends on this origin, at a path that passes
 * safeCallbackPath; anything else goes to the inventory. (next-auth's default passes any
 * URL on this origin through untouched, paths like `//evil.example` included.)
 */
export function redirectCallback({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const origin = new URL(baseUrl).origin;
  if (url.startsWith("/")) return `${origin}${safeCallbackPath(url)}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${origin}${safeCallbackPath(null)}`;
  }
  const path = parsed.origin === origin ? `${parsed.pathname}${parsed.search}${parsed.hash}` : null;
  return `${origin}${safeCallbackPath(path)}`;
}

/**
 * Session, CSRF, callback, PKCE, state and nonce cookies: `Secure` with the `__Secure-`
 * (and `__Host-` for CSRF) prefixes when the site is served over https, plain on http
 * (where a browser would drop Secure cookies). The names are next-auth's own defaults, made
 * explicit: getToken() in lib/http/route.ts derives the same names from NEXTAUTH_URL with
 * the same rule, so the two always agree.
 */
export function cookieOptions(
  nextAuthUrl: string | undefined,
): Pick<NextAuthOptions, "useSecureCookies" | "cookies"> {
  const secure = servesHttps(nextAuthUrl);
  const prefix = secure ? "__Secure-" : "";
  const options = (maxAge?: number) => ({
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure,
    ...(maxAge === undefined ? {} : { maxAge }),
  });
  const fifteenMinutes = 15 * 60;
  const cookies: CookiesOptions = {
    sessionToken: { name: `${prefix}next-auth.session-token`, options: options() },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options: options() },
    csrfToken: { name: `${secure ? "__Host-" : ""}next-auth.csrf-token`, options: options() },
    pkceCodeVerifier: {
      name: `${prefix}next-auth.pkce.code_verifier`,
      options: options(fifteenMinutes),
    },
    state: { name: `${prefix}next-auth.state`, options: options(fifteenMinutes) },
    nonce: { name: `${prefix}next-auth.nonce`, options: options() },
  };
  return { useSecureCookies: secure, cookies };
}
