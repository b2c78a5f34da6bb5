"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input, Textarea } from "@/components/ui/input";
import { formatExact } from "@/components/ui/relative-time";
import { useToast } from "@/components/ui/toast";
import { useRefresh } from "@/components/ui/use-refresh";
import { ApiError, type ApiBody, callApi } from "@/lib/client/api";
import { alertLinks } from "@/lib/endpoints/links";

type Action = "acknowledge" | "resolve" | "silence";

const copy: Record<Action, { label: string; title: string; pending: string; done: string }> = {
  acknowledge: {
    label: "Acknowledge",
    title: "Acknowledge this alert",
    pending: "Acknowledging…",
    done: "Acknowledged",
  },
  resolve: {
    label: "Resolve",
    title: "Resolve this alert",
    pending: "Resolving…",
    done: "Resolved",
  },
  silence: {
    label: "Silence",
    title: "Silence notifications",
    pending: "Silencing…",
    done: "Silenced",
  },
};

/** Local datetime-input value `hours` from now. */
function hoursFromNow(hours: number) {
  const d = new Date(Date.now() + hours * 3_600_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

const PRESETS = [1, 4, 24];

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
  const refresh = useRefresh();
  const toast = useToast();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [until, setUntil] = useState(() => hoursFromNow(1));
  const [preset, setPreset] = useState<number | null>(1);
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
      const spec = alertLinks[action];
      await callApi(spec, { params: { id }, body: body as ApiBody<typeof spec> });
      onClose();
      toast.success(`${c.done}: ${label}`, {
        description:
          action === "silence" && body.until
            ? `Notifications resume ${formatExact(new Date(body.until))}.`
            : undefined,
        link: { href: `/alerts/${id}`, label: "Open alert" },
      });
      refresh("Alerts", "System");
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
            <div className="flex flex-wrap items-center gap-1.5">
              <div role="group" aria-label="Silence for" className="flex gap-1.5">
                {PRESETS.map((h) => (
                  <Button
                    key={h}
                    size="sm"
                    variant={preset === h ? "primary" : "secondary"}
                    aria-pressed={preset === h}
                    onClick={() => {
                      setPreset(h);
                      setUntil(hoursFromNow(h));
                    }}
                  >
                    {h} h
                  </Button>
                ))}
              </div>
              <Input
                id="alert-until"
                name="until"
                type="datetime-local"
                value={until}
                onChange={(e) => {
                  setPreset(null);
                  setUntil(e.target.value);
                }}
                className="w-auto flex-1"
              />
            </div>
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
