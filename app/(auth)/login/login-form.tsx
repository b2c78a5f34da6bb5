"use client";

import { KeyRound } from "lucide-react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { safeCallbackPath } from "@/lib/safe-redirect";

function describe(error: string | null | undefined): string | null {
  if (!error) return null;
  if (error.startsWith("throttled:")) {
    const seconds = Number(error.split(":")[1]);
    return `Too many failed attempts. Wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`;
  }
  if (error === "CredentialsSignin") return "Wrong email or password.";
  if (error === "AccessDenied") return "This account may not sign in. Ask an admin.";
  return "Sign-in failed. Try again.";
}

export function LoginForm({
  callbackUrl,
  oidc,
  initialError,
  notice = null,
  demo,
}: {
  callbackUrl: string;
  oidc: { name: string } | null;
  initialError: string | null;
  /** A calm note above the form, e.g. after a password change signed everyone out. */
  notice?: string | null;
  demo: boolean;
}) {
  const router = useRouter();
  // Checked again here: the prop is rendered into the page, and this is where we navigate.
  const target = safeCallbackPath(callbackUrl);
  const [error, setError] = useState<string | null>(describe(initialError));
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // Uncontrolled inputs read on submit: what was typed before hydration still counts.
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!email || !password) {
      setError("Enter your email and password.");
      return;
    }
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email,
      password,
      redirect: false,
      callbackUrl: target,
    });
    setPending(false);
    if (!result || result.error) {
      setError(describe(result?.error ?? "failed"));
      return;
    }
    router.replace(target);
    router.refresh();
  }

  return (
    <div className="rounded-lg border border-border bg-surface p-5">
      {/* method=post: if the form is ever submitted before hydration, nothing lands in the URL. */}
      <form ref={formRef} onSubmit={onSubmit} method="post" className="space-y-3" noValidate>
        <Field label="Email" htmlFor="email">
          <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        </Field>
        <Field label="Password" htmlFor="password">
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </Field>
        {notice && !error ? (
          <p role="status" className="rounded-md bg-ok-bg px-2.5 py-1.5 text-sm text-ok">
            {notice}
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="rounded-md bg-crit-bg px-2.5 py-1.5 text-sm text-crit">
            {error}
          </p>
        ) : null}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {oidc ? (
        <>
          <div className="my-4 flex items-center gap-3 text-xs text-muted">
            <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
          </div>
          <Button
            variant="secondary"
            className="w-full"
            onClick={() => signIn("oidc", { callbackUrl: target })}
          >
            <KeyRound className="size-4" aria-hidden /> Continue with {oidc.name}
          </Button>
        </>
      ) : null}
      {demo ? (
        <div className="mt-4 rounded-md border border-dashed border-border p-3 text-xs text-muted">
          <p className="font-medium text-fg">
            Demo accounts (password <code className="font-mono">modelgate-demo</code>)
          </p>
          <ul className="mt-1 space-y-0.5 font-mono">
            {["admin", "approver", "editor", "viewer"].map((r) => (
              <li key={r}>
                <button
                  type="button"
                  className="hover:text-accent"
                  onClick={() => {
                    const form = formRef.current;
                    if (!form) return;
                    (form.elements.namedItem("email") as HTMLInputElement).value =
                      `${r}@modelgate.dev`;
                    (form.elements.namedItem("password") as HTMLInputElement).value =
                      "modelgate-demo";
                  }}
                >
                  {r}@modelgate.dev
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
