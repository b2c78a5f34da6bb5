"use client";

import type { ReactNode } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

/**
 * "Delete this …?": what is about to go, what goes with it, Cancel and a danger button. Open
 * while mounted; the caller owns the request and passes its state.
 */
export function ConfirmDialog({
  title,
  description,
  children,
  confirm,
  pendingLabel,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  description: string;
  /** The thing itself, as the user knows it (a URL, a rule's name and condition). */
  children: ReactNode;
  confirm: string;
  pendingLabel: string;
  pending: boolean;
  error?: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      open
      onOpenChange={(o) => (o ? null : onClose())}
      title={title}
      description={description}
    >
      <div className="space-y-3">
        {children}
        {error ? (
          <p role="alert" className="text-sm text-crit">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" disabled={pending} onClick={onConfirm}>
            {pending ? pendingLabel : confirm}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
