"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Textarea } from "@/components/ui/input";
import { ApiError, api } from "@/lib/client/api";

type Kind = "approve" | "reject" | "cancel";

const copy: Record<Kind, { label: string; title: string; pending: string; hint: string }> = {
  approve: {
    label: "Approve",
    title: "Approve this promotion",
    pending: "Approving…",
    hint: "Your approval is pinned to the version and checklist as they are now; if either changes it stops counting.",
  },
  reject: { label: "Reject", title: "Reject this promotion", pending: "Rejecting…", hint: "One rejection rejects the request. Say why." },
  cancel: { label: "Withdraw", title: "Withdraw your request", pending: "Withdrawing…", hint: "The request is cancelled; you can request again later." },
};

/**
 * Approve, reject or withdraw a request. Who may press what is decided by the server; the
 * buttons only mirror it (`can`), and say why when they are disabled.
 */
export function DecisionButtons({
  id,
  label,
  canDecide,
  isRequester,
  canCancel,
}: {
  id: string;
  label: string;
  canDecide: boolean;
  isRequester: boolean;
  canCancel: boolean;
}) {
  const [open, setOpen] = useState<Kind | null>(null);
  const decideHint = isRequester
    ? "You requested this promotion; another approver must decide it."
    : !canDecide
      ? "Only approvers and admins decide promotions."
      : undefined;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" onClick={() => setOpen("approve")} disabled={!!decideHint} title={decideHint} aria-label={`Approve ${label}`}>
        Approve
      </Button>
      <Button size="sm" variant="secondary" onClick={() => setOpen("reject")} disabled={!!decideHint} title={decideHint} aria-label={`Reject ${label}`}>
        Reject
      </Button>
      {canCancel ? (
        <Button size="sm" variant="ghost" onClick={() => setOpen("cancel")} aria-label={`Withdraw ${label}`}>
          Withdraw
        </Button>
      ) : null}
      {decideHint ? <span className="text-xs text-muted">{decideHint}</span> : null}
      {open ? <DecisionDialog id={id} kind={open} label={label} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

function DecisionDialog({ id, kind, label, onClose }: { id: string; kind: Kind; label: string; onClose: () => void }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const c = copy[kind];

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const comment = String(new FormData(e.currentTarget).get("comment") ?? "").trim();
    if (kind === "reject" && !comment) {
      setFieldError("say why you reject it");
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      await api(`/api/v1/promotions/${id}/${kind}`, { method: "POST", body: comment ? { comment } : {} });
      onClose();
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError) {
        setFieldError(err.fieldErrors().comment);
        const gates = err.body.gates as { title: string; passed: boolean; blocking: boolean }[] | undefined;
        setError(gates ? `${err.message}` : err.message);
      } else setError("Could not reach Modelgate. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open onOpenChange={(o) => (o ? null : onClose())} title={c.title} description={label}>
      <form onSubmit={submit} className="space-y-3" noValidate>
        <p className="text-sm text-muted">{c.hint}</p>
        <Field label={kind === "reject" ? "Reason" : "Comment (optional)"} htmlFor={`comment-${kind}`} error={fieldError}>
          <Textarea id={`comment-${kind}`} name="comment" rows={3} maxLength={2000} autoFocus />
        </Field>
        <FormFooter error={error} onCancel={onClose} pending={pending} submit={c.label} pendingLabel={c.pending} />
      </form>
    </Dialog>
  );
}
