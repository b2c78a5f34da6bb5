"use client";

import { useQueryClient } from "@tanstack/react-query";
import { UserPlus, Users } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormFooter } from "@/components/ui/form-footer";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { ApiError, type ApiBody, type ApiResult, apiKey } from "@/lib/client/api";
import { useApi, useApiMutation } from "@/lib/client/hooks";
import { userEndpoints } from "@/lib/endpoints/users";
import { type Role, roleLabels, roles } from "@/lib/permissions";

type UserPage = ApiResult<typeof userEndpoints.list>;
type User = UserPage["items"][number];

const usersKey = apiKey(userEndpoints.list);

function CreateUserDialog() {
  const qc = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useApiMutation(userEndpoints.create, {
    onSuccess: (user) => {
      qc.invalidateQueries({ queryKey: usersKey });
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
    create.mutate({ body: body as ApiBody<typeof userEndpoints.create> });
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

/** What a change to a user did, in words. */
function changeSaid(user: User, body: ApiBody<typeof userEndpoints.update>): string {
  if (body.role) return `${user.name} is now ${roleLabels[body.role]}`;
  if (body.disabled !== undefined)
    return body.disabled ? `${user.name} is disabled` : `${user.name} is enabled`;
  return `Saved ${user.name}`;
}

function UserRow({ user, self }: { user: User; self: boolean }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const update = useApiMutation(userEndpoints.update, {
    onMutate: async ({ body }) => {
      setError(null);
      await qc.cancelQueries({ queryKey: usersKey });
      const previous = qc.getQueryData<UserPage>(usersKey);
      qc.setQueryData<UserPage>(
        usersKey,
        (page) =>
          page && {
            ...page,
            items: page.items.map((u) => (u.id === user.id ? { ...u, ...body } : u)),
          },
      );
      return { previous };
    },
    onError: (e, _req, ctx) => {
      qc.setQueryData(usersKey, ctx?.previous);
      setError(e.message);
    },
    onSuccess: (_after, { body }) => toast.success(changeSaid(user, body)),
    onSettled: () => qc.invalidateQueries({ queryKey: usersKey }),
  });
  const patch = (body: ApiBody<typeof userEndpoints.update>) =>
    update.mutate({ params: { id: user.id }, body });
  return (
    <Tr id={`user-${user.id}`} className="scroll-mt-20 target:bg-accent/10">
      <Td>
        <div className={user.disabled ? "font-medium text-muted line-through" : "font-medium"}>
          {user.name} {self ? <Badge tone="accent">you</Badge> : null}
        </div>
        <div className="text-xs text-muted">{user.email}</div>
        {error ? (
          <p role="alert" className="mt-1 text-xs text-crit">
            {error}
          </p>
        ) : null}
      </Td>
      <Td>
        <Select
          aria-label={`Role of ${user.email}`}
          value={user.role}
          onChange={(e) => patch({ role: e.target.value as Role })}
          className="w-32"
          disabled={update.isPending}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleLabels[r]}
            </option>
          ))}
        </Select>
      </Td>
      <Td className="text-muted">
        <RelativeTime value={user.lastLoginAt} />
      </Td>
      <Td>
        {user.disabled ? <Badge tone="crit">disabled</Badge> : <Badge tone="ok">active</Badge>}
      </Td>
      <Td numeric>
        {!self ? (
          <Button
            size="sm"
            variant="secondary"
            onClick={() => patch({ disabled: !user.disabled })}
            disabled={update.isPending}
          >
            {user.disabled ? "Enable" : "Disable"}
          </Button>
        ) : null}
      </Td>
    </Tr>
  );
}

export function UsersPanel({ currentUserId }: { currentUserId: string }) {
  const users = useApi(userEndpoints.list, {}, { select: (page) => page.items });
  return (
    <Card>
      <div className="flex items-center justify-between border-b border-border px-4 py-3">
        <p className="text-sm text-muted">
          Viewers read; editors change models, versions, targets and checklists; approvers also
          approve promotions; admins also manage people, tokens, webhooks and templates.
        </p>
        <CreateUserDialog />
      </div>
      {users.isPending ? (
        <TableSkeleton rows={4} />
      ) : users.isError ? (
        <p role="alert" className="p-4 text-sm text-crit">
          Could not load users: {users.error.message}
        </p>
      ) : users.data.length === 0 ? (
        <EmptyState icon={Users} title="No users" />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>User</Th>
              <Th>Role</Th>
              <Th>Last sign-in</Th>
              <Th>Status</Th>
              <Th numeric>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <UserRow key={u.id} user={u} self={u.id === currentUserId} />
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
