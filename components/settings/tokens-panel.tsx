"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Check, Copy, KeyRound, Plus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormFooter } from "@/components/ui/form-footer";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { ApiError, type ApiBody, type ApiResult, apiKey } from "@/lib/client/api";
import { useApi, useApiMutation } from "@/lib/client/hooks";
import { tokenEndpoints } from "@/lib/endpoints/tokens";

const scopeHelp: Record<string, string> = {
  read: "read everything",
  write: "create and edit models, versions, targets, checklists",
  ingest: "push metrics and predictions",
  promote: "request promotions (and approve, for approvers)",
  admin: "users, tokens, webhooks, templates",
};

function CreateTokenDialog({ allowedScopes }: { allowedScopes: string[] }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useApiMutation(tokenEndpoints.create, {
    onSuccess: (t) => {
      setSecret(t.token);
      qc.invalidateQueries({ queryKey: apiKey(tokenEndpoints.list) });
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
    const days = Number(f.get("days") || 0);
    const deploymentIds = String(f.get("deploymentIds") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    const model = String(f.get("model") ?? "").trim();
    const body = {
      name: f.get("name"),
      scopes: f.getAll("scopes"),
      expiresAt: days > 0 ? new Date(Date.now() + days * 86_400_000).toISOString() : null,
      ...(deploymentIds.length ? { deploymentIds } : {}),
      ...(model ? { model } : {}),
    };
    // Sent as typed; the server's schema reports what is wrong, field by field.
    create.mutate({ body: body as ApiBody<typeof tokenEndpoints.create> });
  }
  const close = (o: boolean) => {
    setOpen(o);
    if (!o) {
      setSecret(null);
      setErrors({});
      setCopied(false);
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={secret ? "Copy your token now" : "Create an API token"}
      description={
        secret
          ? "This is the only time it is shown. Store it in your CI's secrets."
          : "For pipelines, scripts and model servers."
      }
      trigger={
        <Button>
          <Plus className="size-4" aria-hidden /> New token
        </Button>
      }
    >
      {secret ? (
        <div className="space-y-3">
          <div className="flex items-center gap-2 rounded-md border border-border bg-surface-2 p-2">
            <code data-testid="new-token" className="flex-1 break-all font-mono text-xs">
              {secret}
            </code>
            <Button
              size="sm"
              variant="secondary"
              onClick={async () => {
                await navigator.clipboard.writeText(secret);
                setCopied(true);
              }}
            >
              {copied ? <Check className="size-3.5" /> : <Copy className="size-3.5" />}{" "}
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
          <p className="text-xs text-muted">
            Use it as{" "}
            <code className="font-mono">Authorization: Bearer {secret.slice(0, 10)}…</code>
          </p>
          <div className="flex justify-end">
            <Button onClick={() => close(false)}>Done</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="space-y-3" noValidate>
          <Field
            label="Name"
            htmlFor="t-name"
            error={errors.name}
            hint="What uses it, e.g. “training pipeline”."
          >
            <Input id="t-name" name="name" aria-invalid={Boolean(errors.name)} autoFocus />
          </Field>
          <fieldset>
            <legend className="mb-1 text-xs font-medium">Scopes</legend>
            <div className="space-y-1">
              {allowedScopes.map((s) => (
                <label key={s} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="scopes"
                    value={s}
                    defaultChecked={s === "read"}
                    className="accent-[var(--accent)]"
                  />
                  <span className="font-mono text-xs">{s}</span>
                  <span className="text-xs text-muted">{scopeHelp[s]}</span>
                </label>
              ))}
            </div>
            {errors.scopes || Object.entries(errors).find(([k]) => k.startsWith("scopes."))?.[1] ? (
              <p role="alert" className="mt-1 text-xs text-crit">
                {errors.scopes ??
                  Object.entries(errors).find(([k]) => k.startsWith("scopes."))?.[1]}
              </p>
            ) : null}
          </fieldset>
          <Field
            label="Limit ingestion to deployments (optional)"
            htmlFor="t-deployments"
            error={
              errors.deploymentIds ??
              Object.entries(errors).find(([k]) => k.startsWith("deploymentIds."))?.[1]
            }
            hint="Deployment ids, comma-separated. A model server's token then writes only there; any other write is refused."
          >
            <Input id="t-deployments" name="deploymentIds" placeholder="cm4x2k9p…, cm4x2kb1…" />
          </Field>
          <Field
            label="…or to a model's deployments (optional)"
            htmlFor="t-model"
            error={errors.model}
            hint="The model's slug; its future deployments are included."
          >
            <Input id="t-model" name="model" placeholder="fraud-scorer" />
          </Field>
          <Field
            label="Expires after (days)"
            htmlFor="t-days"
            error={errors.expiresAt}
            hint="Leave empty for no expiry."
          >
            <Input
              id="t-days"
              name="days"
              type="number"
              min={1}
              max={3650}
              defaultValue={90}
              className="w-32"
            />
          </Field>
          <FormFooter
            error={errors.form}
            onCancel={() => close(false)}
            pending={create.isPending}
            submit="Create token"
            pendingLabel="Creating…"
          />
        </form>
      )}
    </Dialog>
  );
}

type Token = ApiResult<typeof tokenEndpoints.list>["items"][number];

function tokenState(t: Token): { label: string; tone: "ok" | "crit" | "neutral" } {
  if (t.revokedAt) return { label: "revoked", tone: "crit" };
  if (t.expiresAt && new Date(t.expiresAt) <= new Date())
    return { label: "expired", tone: "neutral" };
  return { label: "active", tone: "ok" };
}

export function TokensPanel({ allowedScopes, admin }: { allowedScopes: string[]; admin: boolean }) {
  const qc = useQueryClient();
  const tokens = useApi(tokenEndpoints.list, {}, { select: (page) => page.items });
  const revoke = useApiMutation(tokenEndpoints.revoke, {
    onSettled: () => qc.invalidateQueries({ queryKey: apiKey(tokenEndpoints.list) }),
  });
  return (
    <Card>
      <div className="flex items-center justify-between border-b border-border px-4 py-3">
        <p className="text-sm text-muted">
          A token acts as its user, narrowed to its scopes.{" "}
          {admin ? "As an admin you see everyone's tokens." : ""}
        </p>
        <CreateTokenDialog allowedScopes={allowedScopes} />
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
        <EmptyState icon={KeyRound} title="No API tokens">
          Create one for each pipeline or model server, with only the scopes it needs.
        </EmptyState>
      ) : (
        <Table>
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
            {tokens.data.map((t) => {
              const state = tokenState(t);
              return (
                <Tr key={t.id}>
                  <Td>
                    <div className="font-medium">{t.name}</div>
                    <div className="font-mono text-xs text-muted">{t.prefix}…</div>
                  </Td>
                  {admin ? <Td className="text-muted">{t.user.email}</Td> : null}
                  <Td>
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
                  <Td className="text-muted">
                    {t.lastUsedAt ? <RelativeTime value={t.lastUsedAt} /> : "never"}
                  </Td>
                  <Td className="text-muted">
                    {t.expiresAt ? <RelativeTime value={t.expiresAt} /> : "never"}
                  </Td>
                  <Td>
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
                            confirm(`Revoke “${t.name}”? Anything using it stops working at once.`)
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
