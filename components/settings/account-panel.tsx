"use client";

import { KeyRound } from "lucide-react";
import { signOut } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/input";
import { ApiError } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/hooks";
import { userLinks } from "@/lib/endpoints/links";

/** Who you are, and a password change that ends every session of yours (this one too). */
export function AccountPanel({
  user,
  hasPassword,
  sso,
}: {
  user: { name: string; email: string; role: string };
  hasPassword: boolean;
  sso: boolean;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const change = useApiMutation(userLinks.changePassword, {
    onSuccess: () => signOut({ callbackUrl: "/login?notice=password-changed" }),
    onError: (e) =>
      setErrors(
        e instanceof ApiError && e.errors.length ? e.fieldErrors() : { form: (e as Error).message },
      ),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setErrors({});
    const f = new FormData(e.currentTarget);
    const currentPassword = String(f.get("currentPassword") ?? "");
    const newPassword = String(f.get("newPassword") ?? "");
    if (newPassword !== String(f.get("confirm") ?? "")) {
      setErrors({ confirm: "does not match the new password" });
      return;
    }
    change.mutate({ body: { currentPassword, newPassword } });
  }

  return (
    <div className="grid items-start gap-4 lg:grid-cols-2">
      <Card className="p-4">
        <h2 className="mb-3 text-sm font-semibold">You</h2>
        <dl className="grid grid-cols-[6rem_1fr] gap-y-1.5 text-sm">
          <dt className="text-xs text-muted">Name</dt>
          <dd>{user.name}</dd>
          <dt className="text-xs text-muted">Email</dt>
          <dd className="break-all">{user.email}</dd>
          <dt className="text-xs text-muted">Role</dt>
          <dd>{user.role}</dd>
          <dt className="text-xs text-muted">Sign-in</dt>
          <dd>
            {[hasPassword ? "password" : null, sso ? "single sign-on" : null]
              .filter(Boolean)
              .join(" and ") || "—"}
          </dd>
        </dl>
      </Card>
      <Card className="p-4">
        <h2 className="mb-1 text-sm font-semibold">Change your password</h2>
        {hasPassword ? (
          <>
            <p className="mb-3 text-xs text-muted">
              This signs you out everywhere, here included: sign in again with the new password.
            </p>
            <form onSubmit={onSubmit} className="space-y-3" noValidate>
              <Field label="Current password" htmlFor="pw-current" error={errors.currentPassword}>
                <Input
                  id="pw-current"
                  name="currentPassword"
                  type="password"
                  autoComplete="current-password"
                  aria-invalid={Boolean(errors.currentPassword)}
                />
              </Field>
              <Field
                label="New password"
                htmlFor="pw-new"
                error={errors.newPassword}
                hint="At least 10 characters."
              >
                <Input
                  id="pw-new"
                  name="newPassword"
                  type="password"
                  autoComplete="new-password"
                  aria-invalid={Boolean(errors.newPassword)}
                />
              </Field>
              <Field label="New password again" htmlFor="pw-confirm" error={errors.confirm}>
                <Input
                  id="pw-confirm"
                  name="confirm"
                  type="password"
                  autoComplete="new-password"
                  aria-invalid={Boolean(errors.confirm)}
                />
              </Field>
              {errors.form ? (
                <p role="alert" className="text-sm text-crit">
                  {errors.form}
                </p>
              ) : null}
              <div className="flex justify-end">
                <Button type="submit" disabled={change.isPending}>
                  <KeyRound className="size-4" aria-hidden />{" "}
                  {change.isPending ? "Changing…" : "Change password"}
                </Button>
              </div>
            </form>
          </>
        ) : (
          <p className="text-sm text-muted">
            You sign in with single sign-on; your password is managed by your identity provider.
          </p>
        )}
      </Card>
    </div>
  );
}
