import { type NextRequest, NextResponse } from "next/server";
import { env, oidcEnabled } from "@/lib/env";
import { REQUEST_PATH_HEADER } from "@/lib/safe-redirect";
import { NONCE_HEADER, createNonce, pageSecurityHeaders } from "@/lib/security-headers";

// Runs before every page request (Next 16's proxy, formerly middleware):
//   1. a fresh nonce, and the page's Content-Security-Policy built from it and from this
//      deployment (https or not, the OIDC issuer);
//   2. the request goes on with the CSP (Next reads the nonce from it and puts it on its own
//      scripts), `x-nonce` (the root layout hands it to next-themes) and the path asked for
//      (the dashboard sends a signed-out visitor to sign in and back there);
//   3. the response carries the CSP and, over https, Strict-Transport-Security.
// API routes, static files and prefetches skip it (see `config`): API bodies reach their
// handlers untouched and unbuffered (ingestion takes up to 16 MB), and their constant
// headers come from next.config.js like everyone else's.

export function proxy(request: NextRequest) {
  const e = env();
  const nonce = createNonce();
  const headers = pageSecurityHeaders({
    nonce,
    dev: e.NODE_ENV === "development",
    nextAuthUrl: e.NEXTAUTH_URL,
    oidcIssuer: oidcEnabled() ? e.OIDC_ISSUER : undefined,
  });

  const forwarded = new Headers(request.headers);
  forwarded.set(NONCE_HEADER, nonce);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const asked = request.nextUrl.clone();
  asked.searchParams.delete("_rsc");
  forwarded.set(REQUEST_PATH_HEADER, `${asked.pathname}${asked.search}`);

  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Everything but API routes, build output, image optimization and public files.
      source:
        "/((?!api/|_next/static/|_next/image|.*\\.(?:ico|svg|png|jpe?g|gif|webp|txt|xml|webmanifest|map)$).*)",
      // Prefetches render no document: no nonce needed, and no work spent on them.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
