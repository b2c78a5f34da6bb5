import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { cookieOptions, redirectCallback } from "@/lib/auth-hardening";
import { clientAddress } from "@/lib/http/client-address";
import { REQUEST_PATH_HEADER, loginPath } from "@/lib/safe-redirect";
import { db } from "@/lib/db";
import { env, oidcEnabled } from "@/lib/env";
import { type Action, type Principal, type Role, can } from "@/lib/permissions";
import { signInWithOidc, signInWithPassword } from "@/lib/services/sign-in";

// next-auth with JWT sessions: nothing is kept in process memory, so any app instance can
// serve any request. The JWT carries only the user id; role and disabled state are read
// from the database on each request, so a role change or a disabled account takes effect
// at once rather than when the token expires. The JWT also carries the user's session
// version (`sv`): bumping it in the database ends every session signed before.

const credentials = z.object({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(200),
});

function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw, req) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        const result = await signInWithPassword(parsed.data.email, parsed.data.password, {
          clientAddress: clientAddress(req?.headers ?? {}, env().TRUST_PROXY),
        });
        if (!result.ok) {
          // next-auth passes an Error's message to the sign-in page as `?error=`.
          if (result.reason === "throttled")
            throw new Error(`throttled:${result.retryAfterSeconds}`);
          return null;
        }
        return {
          id: result.user.id,
          email: result.user.email,
          name: result.user.name,
          sessionVersion: result.user.sessionVersion,
        };
      },
    }),
  ];
  if (oidcEnabled()) {
    const e = env();
    list.push({
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: {
        sub: string;
        email?: string;
        name?: string;
        preferred_username?: string;
      }) {
        return {
          id: profile.sub,
          email: profile.email ?? null,
          name: profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub,
        };
      },
    });
  }
  return list;
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET ?? devSecret(),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers: providers(),
    ...cookieOptions(env().NEXTAUTH_URL),
    callbacks: {
      redirect: redirectCallback,
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        // OIDC: found by its subject once linked; linked by email only when the provider
        // vouches for the email, and never silently onto an admin (see lib/services/sign-in.ts).
        const p = (profile ?? {}) as {
          sub?: string;
          email?: string;
          email_verified?: unknown;
          name?: string;
        };
        const result = await signInWithOidc({
          subject: String(p.sub ?? account.providerAccountId ?? ""),
          email: p.email ?? user.email ?? null,
          emailVerified: p.email_verified === true || p.email_verified === "true",
          name: p.name ?? user.name ?? null,
        });
        if (!result.ok) return false;
        user.id = result.user.id;
        (user as { sessionVersion?: number }).sessionVersion = result.user.sessionVersion;
        return true;
      },
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        }
        return token;
      },
      async session({ session, token }) {
        if (token.sub)
          session.user = { ...session.user, id: token.sub, sv: token.sv } as typeof session.user;
        return session;
      },
    },
  };
}

/** A fixed secret for development and tests only; env validation demands a real one in production. */
function devSecret(): string {
  return "modelgate-development-secret-not-for-production";
}

/**
 * The principal behind a session token: the user must exist, be enabled, and the token must
 * carry the user's current session version (a password reset, a role change or disabling
 * the account bumps it, which ends every session signed before).
 */
export async function principalFromSession(claims: {
  sub?: unknown;
  sv?: unknown;
}): Promise<Principal | null> {
  if (typeof claims.sub !== "string" || typeof claims.sv !== "number") return null;
  const user = await db.user.findUnique({
    where: { id: claims.sub },
    select: { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true },
  });
  if (!user || user.disabled || user.sessionVersion !== claims.sv) return null;
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role as Role } };
}

/**
 * The signed-in user in a server component or server action; null when signed out. Cached
 * per request, so a layout, a page and its metadata can each ask without extra queries.
 */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await getServerSession(authOptions());
  const claims = session?.user as { id?: unknown; sv?: unknown } | undefined;
  return claims ? principalFromSession({ sub: claims.id, sv: claims.sv }) : null;
});

/**
 * Every page and server-side loader calls this where it reads data, never relying on a
 * layout: Next can render a page segment without its layout (a client navigation says
 * which layouts are mounted). Signed-out visitors go to the sign-in page; a signed-in user
 * whose role does not allow `action` gets the 404 page, which reveals nothing.
 */
export async function requirePrincipal(action: Action = "read"): Promise<Principal> {
  const principal = await currentPrincipal();
  // Signed out: sign in, then come back to the page asked for (the proxy names it).
  if (!principal) redirect(loginPath((await headers()).get(REQUEST_PATH_HEADER)));
  if (!can(principal, action)) notFound();
  return principal;
}
