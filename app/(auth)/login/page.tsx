import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentPrincipal } from "@/lib/auth";
import { env, oidcEnabled } from "@/lib/env";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const callbackUrl = safeCallbackPath(sp.callbackUrl);
  // Already signed in: go on, but never back here (`?callbackUrl=/login` would loop).
  if (await currentPrincipal())
    redirect(/^\/login(?:[/?#]|$)/.test(callbackUrl) ? "/models" : callbackUrl);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/favicon.svg" alt="" className="size-8" />
          <div>
            <h1 className="text-lg font-semibold leading-tight">Sign in to Modelgate</h1>
            <p className="text-xs text-muted">
              From trained to running in production, and watched.
            </p>
          </div>
        </div>
        <LoginForm
          callbackUrl={callbackUrl}
          oidc={oidcEnabled() ? { name: env().OIDC_NAME } : null}
          initialError={sp.error ?? null}
          notice={
            sp.notice === "password-changed"
              ? "Your password was changed and every session ended. Sign in with the new password."
              : null
          }
          demo={env().MODELGATE_DEMO}
        />
      </div>
    </main>
  );
}
