import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { cookieOptions, redirectCallback } from "@/lib/auth-hardening";
import { db } from "@/lib/db";
import { env, oidcEnabled } from "@/lib/env";
import type { Principal, Role } from "@/lib/permissions";
import { signInWithPassword } from "@/lib/services/sign-in";

// next-auth with JWT sessions: nothing is kept in process memory, so any app instance can
// serve any request. The JWT carries only the user id; role and disabled state are read
// from the database on each request, so a role change or a disabled account takes effect
// at once rather than when the token expires.

const credentials = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(200) });

export class ThrottledSignIn extends Error {}

function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        const result = await signInWithPassword(parsed.data.email, parsed.data.password);
        if (!result.ok) {
          // next-auth passes an Error's message to the sign-in page as `?error=`.
          if (result.reason === "throttled") throw new Error(`throttled:${result.retryAfterSeconds}`);
          return null;
        }
        return { id: result.user.id, email: result.user.email, name: result.user.name };
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
      profile(profile: { sub: string; email?: string; name?: string; preferred_username?: string }) {
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
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        // OIDC: the email must be verified by the provider; the first sign-in creates the
        // user with OIDC_DEFAULT_ROLE, later ones find it by email.
        if (!user.email) return false;
        const email = user.email.toLowerCase();
        const existing = await db.user.findUnique({ where: { email }, select: { id: true, disabled: true } });
        if (existing?.disabled) return false;
        const row =
          existing ??
          (await db.user.create({
            data: { email, name: user.name ?? email, role: env().OIDC_DEFAULT_ROLE },
            select: { id: true, disabled: true },
          }));
        user.id = row.id;
        await db.user.update({ where: { id: row.id }, data: { lastLoginAt: new Date() } });
        return true;
      },
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        if (token.sub) session.user = { ...session.user, id: token.sub } as typeof session.user;
        return session;
      },
    },
  };
}

/** A fixed secret for development and tests only; env validation demands a real one in production. */
function devSecret(): string {
  return "modelgate-development-secret-not-for-production";
}

export async function principalFromUserId(id: string): Promise<Principal | null> {
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
  if (!user || user.disabled) return null;
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role as Role } };
}

/** The signed-in user in a server component; signed-out visitors are sent to the sign-in page. */
export async function requirePrincipal(): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect("/login");
  return principal;
}

/** The signed-in user in a server component or server action; null when signed out. */
export async function currentPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? principalFromUserId(id) : null;
}
