import {
  type APIRequestContext,
  type APIResponse,
  expect,
  request as playwrightRequest,
} from "@playwright/test";

// Helpers for tests that act as a browser would over plain HTTP: a session cookie from
// next-auth's credentials sign-in, and the React Server Component request a client-side
// navigation makes.

/** A fresh request context signed in with email and password (its cookie jar holds the session). */
export async function signedInContext(
  baseURL: string,
  email: string,
  password: string,
): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const csrf = await (await ctx.get("/api/auth/csrf")).json();
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  expect(res.status(), `sign-in of ${email}`).toBeLessThan(400);
  const me = await ctx.get("/api/v1/me");
  expect(me.status(), `session of ${email} works`).toBe(200);
  return ctx;
}

/**
 * The router state a browser sends when it is on the dashboard page `/{from}` and navigates
 * elsewhere: it says the root and (dashboard) layouts are mounted, so Next renders only the
 * new page segment, without running the (dashboard) layout.
 */
export function rscHeaders(from = "models") {
  const tree = [
    "",
    {
      children: [
        "(dashboard)",
        { children: [from, { children: ["__PAGE__", {}, null, null, 0] }, null, null, 0] },
        null,
        null,
        4,
      ],
    },
    null,
    null,
    24,
  ];
  return {
    RSC: "1",
    "Next-Router-State-Tree": encodeURIComponent(JSON.stringify(tree)),
    "Next-Url": `/${from}`,
  };
}

/**
 * GET `path` as a client-side navigation. Next answers the first try with a 307 to the same
 * path plus a `_rsc` cache-busting parameter derived from the headers; follow that one hop
 * (and only that one), as the browser does.
 */
export async function rscNavigation(ctx: APIRequestContext, path: string): Promise<APIResponse> {
  // Navigate from another page than the one asked for (same page to same page renders nothing).
  const headers = rscHeaders(path.startsWith("/models") ? "targets" : "models");
  const first = await ctx.get(path, { headers, maxRedirects: 0 });
  const location = first.headers()["location"];
  if (
    first.status() === 307 &&
    location &&
    new URL(location, "http://x").searchParams.has("_rsc")
  ) {
    const next = new URL(location, "http://x");
    return ctx.get(next.pathname + next.search, { headers, maxRedirects: 0 });
  }
  return first;
}
