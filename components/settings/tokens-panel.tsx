"use client";

import { useQueryClient } from "@tanstack/react-query";
import { KeyRound, SearchX } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { type ApiResult, apiKey } from "@/lib/client/api";
import { useApi, useApiMutation } from "@/lib/client/hooks";
import { tokenLinks } from "@/lib/endpoints/links";
import { CreateTokenDialog } from "./create-token-dialog";

type Token = ApiResult<typeof tokenLinks.list>["items"][number];

function tokenState(t: Token): { label: string; tone: "ok" | "crit" | "neutral" } {
  if (t.revokedAt) return { label: "revoked", tone: "crit" };
  if (t.expiresAt && new Date(t.expiresAt) <= new Date())
    return { label: "expired", tone: "neutral" };
  return { label: "active", tone: "ok" };
}

/** Does the token match every word typed (its name, prefix, owner, scopes, model)? */
function tokenMatches(t: Token, query: string) {
  const text = [t.name, t.prefix, t.user.email, t.user.name, ...t.scopes, t.model?.slug ?? ""]
    .join(" ")
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((w) => text.includes(w));
}

export function TokensPanel({ allowedScopes, admin }: { allowedScopes: string[]; admin: boolean }) {
  const qc = useQueryClient();
  const tokens = useApi(tokenLinks.list, {}, { select: (page) => page.items });
  const [query, setQuery] = useState("");
  const revoke = useApiMutation(tokenLinks.revoke, {
    onSettled: () => qc.invalidateQueries({ queryKey: apiKey(tokenLinks.list) }),
  });
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-border px-4 py-3">
        <p className="text-sm text-muted">
          A token acts as its user, narrowed to its scopes.{" "}
          {admin ? "As an admin you see everyone's tokens." : ""}
        </p>
        <div className="flex items-center gap-2">
          <Input
            type="search"
            aria-label="Search tokens"
            placeholder="Search tokens"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className="w-44"
          />
          <CreateTokenDialog allowedScopes={allowedScopes} />
        </div>
      </div>
      {revoke.isError ? (
        <p role="alert" className="px-4 pt-3 text-sm text-crit">
          {revoke.error.message}
        </p>
      ) : null}
      {tokens.isPending ? (
        <TableSkeleton rows={3} />
      ) : tokens.isError ? (
        <p role="alert" className="p-4 text-sm text-crit">
          Could not load tokens: {tokens.error.message}
        </p>
      ) : tokens.data.length === 0 ? (
        <EmptyState icon={KeyRound} title="No API tokens" level={2}>
          Create one for each pipeline or model server, with only the scopes it needs.
        </EmptyState>
      ) : !tokens.data.some((t) => tokenMatches(t, query)) ? (
        <EmptyState icon={SearchX} title="No token matches" level={2}>
          Search by name, prefix, owner, scope or model.
        </EmptyState>
      ) : (
        <Table stack>
          <thead>
            <tr>
              <Th>Name</Th>
              {admin ? <Th>User</Th> : null}
              <Th>Scopes</Th>
              <Th>Last used</Th>
              <Th>Expires</Th>
              <Th>Status</Th>
              <Th numeric>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {tokens.data
              .filter((t) => tokenMatches(t, query))
              .map((t) => {
                const state = tokenState(t);
                return (
                  <Tr key={t.id}>
                    <Td>
                      <div className="font-medium">{t.name}</div>
                      <div className="font-mono text-xs text-muted">{t.prefix}…</div>
                    </Td>
                    {admin ? (
                      <Td label="User" className="text-muted">
                        {t.user.email}
                      </Td>
                    ) : null}
                    <Td label="Scopes">
                      <div className="flex flex-wrap gap-1">
                        {t.scopes.map((s) => (
                          <Badge key={s}>{s}</Badge>
                        ))}
                      </div>
                      {t.deploymentIds.length || t.model ? (
                        <div className="mt-1 text-xs text-muted" data-testid="token-narrowing">
                          ingests only to{" "}
                          {[
                            t.deploymentIds.length
                              ? `${t.deploymentIds.length} deployment${t.deploymentIds.length === 1 ? "" : "s"}`
                              : null,
                            t.model ? `model ${t.model.slug}` : null,
                          ]
                            .filter(Boolean)
                            .join(" or ")}
                        </div>
                      ) : null}
                    </Td>
                    <Td label="Last used" className="text-muted">
                      {t.lastUsedAt ? <RelativeTime value={t.lastUsedAt} /> : "never"}
                    </Td>
                    <Td label="Expires" className="text-muted">
                      {t.expiresAt ? <RelativeTime value={t.expiresAt} /> : "never"}
                    </Td>
                    <Td label="Status">
                      <Badge tone={state.tone}>{state.label}</Badge>
                    </Td>
                    <Td numeric>
                      {state.label === "active" ? (
                        <Button
                          size="sm"
                          variant="secondary"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (
                              confirm(
                                `Revoke “${t.name}”? Anything using it stops working at once.`,
                              )
                            )
                              revoke.mutate({ params: { id: t.id } });
                          }}
                        >
                          Revoke
                        </Button>
                      ) : null}
                    </Td>
                  </Tr>
                );
              })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
