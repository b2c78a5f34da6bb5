"use client";

import { useQueryClient } from "@tanstack/react-query";
import { SearchX, Users } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { type ApiBody, type ApiResult, apiKey } from "@/lib/client/api";
import { useApi, useApiMutation } from "@/lib/client/hooks";
import { userLinks } from "@/lib/endpoints/links";
import { CreateUserDialog } from "./create-user-dialog";
import { type Role, roleLabels, roles } from "@/lib/permissions";

type UserPage = ApiResult<typeof userLinks.list>;
type User = UserPage["items"][number];

const usersKey = apiKey(userLinks.list);

/** Does the user match every word typed (name, email, role)? */
function userMatches(u: User, query: string) {
  const text = `${u.name} ${u.email} ${u.role} ${u.disabled ? "disabled" : "active"}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((w) => text.includes(w));
}

/** What a change to a user did, in words. */
function changeSaid(user: User, body: ApiBody<typeof userLinks.update>): string {
  if (body.role) return `${user.name} is now ${roleLabels[body.role]}`;
  if (body.disabled !== undefined)
    return body.disabled ? `${user.name} is disabled` : `${user.name} is enabled`;
  return `Saved ${user.name}`;
}

function UserRow({ user, self }: { user: User; self: boolean }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const update = useApiMutation(userLinks.update, {
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
  const patch = (body: ApiBody<typeof userLinks.update>) =>
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
      <Td label="Role">
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
      <Td label="Last sign-in" className="text-muted">
        <RelativeTime value={user.lastLoginAt} />
      </Td>
      <Td label="Status">
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
  const users = useApi(userLinks.list, {}, { select: (page) => page.items });
  const [query, setQuery] = useState("");
  const shown = users.data?.filter((u) => userMatches(u, query)) ?? [];
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-border px-4 py-3">
        <p className="text-sm text-muted">
          Viewers read; editors change models, versions, targets and checklists; approvers also
          approve promotions; admins also manage people, tokens, webhooks and templates.
        </p>
        <div className="flex items-center gap-2">
          <Input
            type="search"
            aria-label="Search users"
            placeholder="Search users"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className="w-44"
          />
          <CreateUserDialog />
        </div>
      </div>
      {users.isPending ? (
        <TableSkeleton rows={4} />
      ) : users.isError ? (
        <p role="alert" className="p-4 text-sm text-crit">
          Could not load users: {users.error.message}
        </p>
      ) : users.data.length === 0 ? (
        <EmptyState icon={Users} title="No users" level={2} />
      ) : shown.length === 0 ? (
        <EmptyState icon={SearchX} title="No user matches" level={2}>
          Search by name, email or role.
        </EmptyState>
      ) : (
        <Table stack>
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
            {shown.map((u) => (
              <UserRow key={u.id} user={u} self={u.id === currentUserId} />
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
