"use client";

import { useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input, Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { ApiError, type ApiBody, apiKey } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/hooks";
import { userLinks } from "@/lib/endpoints/links";
import { roleLabels, roles } from "@/lib/permissions";

const usersKey = apiKey(userLinks.list);

export function CreateUserDialog() {
  const qc = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useApiMutation(userLinks.create, {
    onSuccess: async (user) => {
      // A first load still in flight was read before this user existed: cancel it, read again.
      await qc.cancelQueries({ queryKey: usersKey });
      void qc.invalidateQueries({ queryKey: usersKey });
      setOpen(false);
      toast.success(`Added ${user.name} as ${roleLabels[user.role]}`, {
        description: `They sign in as ${user.email}.`,
        link: { href: `/settings/users#user-${user.id}`, label: "Show user" },
      });
    },
    onError: (e) =>
      setErrors(
        e instanceof ApiError && e.errors.length ? e.fieldErrors() : { form: (e as Error).message },
      ),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setErrors({});
    const f = new FormData(e.currentTarget);
    // Sent as typed; the server's schema reports what is wrong, field by field.
    const body = {
      email: f.get("email"),
      name: f.get("name"),
      role: f.get("role"),
      password: f.get("password"),
    };
    create.mutate({ body: body as ApiBody<typeof userLinks.create> });
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setErrors({});
      }}
      title="Add a user"
      description="They sign in with this email and password, and can change nothing beyond their role."
      trigger={
        <Button>
          <UserPlus className="size-4" aria-hidden /> Add user
        </Button>
      }
    >
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <Field label="Name" htmlFor="u-name" error={errors.name}>
          <Input id="u-name" name="name" aria-invalid={Boolean(errors.name)} autoFocus />
        </Field>
        <Field label="Email" htmlFor="u-email" error={errors.email}>
          <Input id="u-email" name="email" type="email" aria-invalid={Boolean(errors.email)} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Role" htmlFor="u-role" error={errors.role}>
            <Select id="u-role" name="role" defaultValue="viewer">
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label="Initial password"
            htmlFor="u-password"
            error={errors.password}
            hint="At least 10 characters."
          >
            <Input
              id="u-password"
              name="password"
              type="password"
              autoComplete="new-password"
              aria-invalid={Boolean(errors.password)}
            />
          </Field>
        </div>
        <FormFooter
          error={errors.form}
          onCancel={() => setOpen(false)}
          pending={create.isPending}
          submit="Add user"
          pendingLabel="Adding…"
        />
      </form>
    </Dialog>
  );
}
