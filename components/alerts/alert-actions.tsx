"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input, Textarea } from "@/components/ui/input";
import { ApiError, type ApiBody, callApi } from "@/lib/client/api";
import { alertEndpoints } from "@/lib/endpoints/alerts";

type Action = "acknowledge" | "resolve" | "silence";

const copy: Record<Action, { label: string; title: string; pending: string }> = {
  acknowledge: { label: "Acknowledge", title: "Acknowledge this alert", pending: "Acknowledging…" },
  resolve: { label: "Resolve", title: "Resolve this alert", pending: "Resolving…" },
  silence: { label: "Silence", title: "Silence notifications", pending: "Silencing…" },
};

/** Local datetime-input value an hour from now. */
function inAnHour() {
  const d = new Date(Date.now() + 3_600_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/**
 * The alert workflow's buttons. `canAct`: may acknowledge (editors); `canClose`: may resolve
 * and silence this alert (approvers for a critical one). The API enforces the same.
 */
export function AlertActions({
  id,
  label,
  state,
  canAct,
  canClose,
}: {
  id: string;
  label: string;
  state: string;
  canAct: boolean;
  canClose: boolean;
}) {
  const [open, setOpen] = useState<Action | null>(null);
  if (!canAct || state === "resolved") return null;
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {state !== "acknowledged" ? (
        <Button
          size="sm"
          variant="secondary"
          onClick={() => setOpen("acknowledge")}
          aria-label={`Acknowledge ${label}`}
        >
          Acknowledge
        </Button>
      ) : null}
      {canClose ? (
        <>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => setOpen("silence")}
            aria-label={`Silence ${label}`}
          >
            Silence
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setOpen("resolve")}
            aria-label={`Resolve ${label}`}
          >
            Resolve
          </Button>
        </>
      ) : (
        <span className="text-xs text-muted">
          An approver resolves or silences critical alerts.
        </span>
      )}
      {open ? (
        <ActionDialog id={id} action={open} label={label} onClose={() => setOpen(null)} />
      ) : null}
    </div>
  );
}

function ActionDialog({
  id,
  action,
  label,
  onClose,
}: {
  id: string;
  action: Action;
  label: string;
  onClose: () => void;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const c = copy[action];

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const comment = String(form.get("comment") ?? "").trim();
    const untilLocal = String(form.get("until") ?? "");
    const body: Record<string, string> = {};
    if (comment) body.comment = comment;
    if (action === "silence") {
      if (!untilLocal) return setErrors({ until: "choose when notifications resume" });
      body.until = new Date(untilLocal).toISOString();
    }
    setPending(true);
    setErrors({});
    try {
      const spec = alertEndpoints[action];
      await callApi(spec, { params: { id }, body: body as ApiBody<typeof spec> });
      onClose();
      router.refresh();
    } catch (err) {
      setErrors(
        err instanceof ApiError
          ? { ...err.fieldErrors(), form: err.errors.length ? "" : err.message }
          : { form: "Could not reach Modelgate. Try again." },
      );
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open onOpenChange={(o) => (o ? null : onClose())} title={c.title} description={label}>
      <form onSubmit={submit} className="space-y-3" noValidate>
        {action === "silence" ? (
          <Field
            label="Silence until"
            htmlFor="alert-until"
            error={errors.until}
            hint="Silences end within the limit this installation sets (24 hours by default)."
          >
            <Input id="alert-until" name="until" type="datetime-local" defaultValue={inAnHour()} />
          </Field>
        ) : null}
        <Field label="Comment (optional)" htmlFor="alert-comment" error={errors.comment}>
          <Textarea
            id="alert-comment"
            name="comment"
            rows={3}
            maxLength={2000}
            autoFocus={action !== "silence"}
          />
        </Field>
        <FormFooter
          error={errors.form || undefined}
          onCancel={onClose}
          pending={pending}
          submit={c.label}
          pendingLabel={c.pending}
        />
      </form>
    </Dialog>
  );
}
