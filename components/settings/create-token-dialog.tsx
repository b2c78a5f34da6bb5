"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input } from "@/components/ui/input";
import { ApiError, type ApiBody, apiKey } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/hooks";
import { tokenLinks } from "@/lib/endpoints/links";
import { TokenCreated } from "./token-created";

const scopeHelp: Record<string, string> = {
  read: "read everything",
  write: "create and edit models, versions, targets, checklists",
  ingest: "push metrics and predictions",
  promote: "request promotions (and approve, for approvers)",
  admin: "users, tokens, webhooks, templates",
};

export function CreateTokenDialog({ allowedScopes }: { allowedScopes: string[] }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const create = useApiMutation(tokenLinks.create, {
    onSuccess: async (t) => {
      setSecret(t.token);
      // A list still loading for the first time was read before this token existed, and an
      // invalidation would only wait for that read: cancel it, then read again.
      const queryKey = apiKey(tokenLinks.list);
      await qc.cancelQueries({ queryKey });
      void qc.invalidateQueries({ queryKey });
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
    create.mutate({ body: body as ApiBody<typeof tokenLinks.create> });
  }
  const close = (o: boolean) => {
    setOpen(o);
    if (!o) {
      setSecret(null);
      setErrors({});
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
        <TokenCreated secret={secret} onDone={() => close(false)} />
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
