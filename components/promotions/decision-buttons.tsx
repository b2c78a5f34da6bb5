"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Textarea } from "@/components/ui/input";
import { type ToastApi, useToast } from "@/components/ui/toast";
import { useRefresh } from "@/components/ui/use-refresh";
import { ApiError, type ApiResult, callApi } from "@/lib/client/api";
import { promotionLinks } from "@/lib/endpoints/links";

type Kind = "approve" | "reject" | "cancel";

const copy: Record<Kind, { label: string; title: string; pending: string; hint: string }> = {
  approve: {
    label: "Approve",
    title: "Approve this promotion",
    pending: "Approving…",
    hint: "You approve exactly what this card shows: the version, its checklist, the requirements and the gates. If any of it changes, your vote stops counting.",
  },
  reject: {
    label: "Reject",
    title: "Reject this promotion",
    pending: "Rejecting…",
    hint: "One rejection rejects the request. Say why.",
  },
  cancel: {
    label: "Withdraw",
    title: "Withdraw your request",
    pending: "Withdrawing…",
    hint: "The request is cancelled; you can request again later.",
  },
};

/**
 * Approve, reject or withdraw a request. Who may press what is decided by the server; the
 * buttons only mirror it (`can`), and say why when they are disabled.
 */
export function DecisionButtons({
  id,
  label,
  snapshotHash,
  canDecide,
  isRequester,
  canCancel,
}: {
  id: string;
  label: string;
  /** What the card shows: a vote names it, so a change in between is refused, not approved. */
  snapshotHash: string;
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
      <Button
        size="sm"
        onClick={() => setOpen("approve")}
        disabled={!!decideHint}
        title={decideHint}
        aria-label={`Approve ${label}`}
      >
        Approve
      </Button>
      <Button
        size="sm"
        variant="secondary"
        onClick={() => setOpen("reject")}
        disabled={!!decideHint}
        title={decideHint}
        aria-label={`Reject ${label}`}
      >
        Reject
      </Button>
      {canCancel ? (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setOpen("cancel")}
          aria-label={`Withdraw ${label}`}
        >
          Withdraw
        </Button>
      ) : null}
      {decideHint ? <span className="text-xs text-muted">{decideHint}</span> : null}
      {open ? (
        <DecisionDialog
          id={id}
          kind={open}
          label={label}
          snapshotHash={snapshotHash}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </div>
  );
}

type Change = { path: string; before: unknown; after: unknown };

/** What the vote did, with a link to where its result is. */
function confirm(
  toast: ToastApi,
  kind: Kind,
  label: string,
  p: ApiResult<typeof promotionLinks.approve>,
) {
  if (kind === "approve" && p.deploymentId)
    return toast.success(`Approved and deployed: ${label}`, {
      link: { href: `/deployments/${p.deploymentId}`, label: "Open deployment" },
    });
  const request = { href: `/promotions?view=all#promotion-${p.id}`, label: "Open request" };
  if (kind === "approve")
    return toast.success(`Approval recorded: ${p.validApprovals} of ${p.requiredApprovals}`, {
      description: label,
      link: request,
    });
  toast.success(kind === "reject" ? `Rejected ${label}` : `Withdrew ${label}`, { link: request });
}

function DecisionDialog({
  id,
  kind,
  label,
  snapshotHash,
  onClose,
}: {
  id: string;
  kind: Kind;
  label: string;
  snapshotHash: string;
  onClose: () => void;
}) {
  const refresh = useRefresh();
  const toast = useToast();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const [changed, setChanged] = useState<{ changes: string[]; diff: Change[] } | null>(null);
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
      const withComment = comment ? { comment } : {};
      const after =
        kind === "cancel"
          ? await callApi(promotionLinks.cancel, { params: { id }, body: withComment })
          : await callApi(promotionLinks[kind], {
              params: { id },
              body: { ...withComment, snapshotHash },
            });
      onClose();
      confirm(toast, kind, label, after);
      refresh("Promotions", "Deployments", "System");
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && Array.isArray(err.body.changes)) {
        setChanged({
          changes: err.body.changes as string[],
          diff: (err.body.diff as Change[] | undefined) ?? [],
        });
      } else if (err instanceof ApiError) {
        setFieldError(err.fieldErrors().comment);
        const gates = err.body.gates as
          { title: string; passed: boolean; blocking: boolean }[] | undefined;
        setError(gates ? `${err.message}` : err.message);
      } else setError("Could not reach Modelgate. Try again.");
    } finally {
      setPending(false);
    }
  }

  if (changed) {
    return (
      <Dialog
        open
        onOpenChange={(o) => (o ? null : onClose())}
        title="This request changed since you looked"
        description={label}
      >
        <div role="alert" className="space-y-3 text-sm" data-testid="snapshot-changed">
          <p>
            Nothing was {kind === "approve" ? "approved" : "rejected"}. What the request covers is
            no longer what you were shown:
          </p>
          <ul className="list-disc space-y-1 pl-5">
            {changed.changes.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          {changed.diff.length ? <ChangeTable diff={changed.diff} /> : null}
          <div className="flex justify-end gap-2 pt-1">
            <Button variant="secondary" onClick={onClose}>
              Close
            </Button>
            <Button
              onClick={() => {
                onClose();
                refresh("Promotions");
              }}
            >
              Review it again
            </Button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open onOpenChange={(o) => (o ? null : onClose())} title={c.title} description={label}>
      <form onSubmit={submit} className="space-y-3" noValidate>
        <p className="text-sm text-muted">{c.hint}</p>
        <Field
          label={kind === "reject" ? "Reason" : "Comment (optional)"}
          htmlFor={`comment-${kind}`}
          error={fieldError}
        >
          <Textarea id={`comment-${kind}`} name="comment" rows={3} maxLength={2000} autoFocus />
        </Field>
        <FormFooter
          error={error}
          onCancel={onClose}
          pending={pending}
          submit={c.label}
          pendingLabel={c.pending}
        />
      </form>
    </Dialog>
  );
}

const show = (v: unknown) =>
  v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v);

/** Field by field: what the snapshot said, and what it says now. */
export function ChangeTable({ diff }: { diff: Change[] }) {
  return (
    <div className="max-h-64 overflow-auto rounded-md border border-border" tabIndex={0}>
      <table className="w-full text-xs">
        <thead className="sticky top-0 bg-surface-2 text-left text-muted">
          <tr>
            <th className="px-2 py-1 font-medium">What</th>
            <th className="px-2 py-1 font-medium">Before</th>
            <th className="px-2 py-1 font-medium">Now</th>
          </tr>
        </thead>
        <tbody>
          {diff.slice(0, 50).map((d) => (
            <tr key={d.path} className="border-t border-border align-top">
              <td className="px-2 py-1 font-mono">{d.path}</td>
              <td className="max-w-48 break-words px-2 py-1 text-crit line-through decoration-1">
                {show(d.before).slice(0, 300)}
              </td>
              <td className="max-w-48 break-words px-2 py-1 text-ok">
                {show(d.after).slice(0, 300)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
