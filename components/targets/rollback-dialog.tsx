"use client";

import { useMutation } from "@tanstack/react-query";
import { Undo2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Textarea } from "@/components/ui/input";
import { ApiError, api } from "@/lib/client/api";

/**
 * "Rollback" for one active deployment: asks why, then re-activates the version that ran
 * before. The API decides (403 on production for editors, 422 when nothing ran before);
 * its message is shown in the dialog.
 */
export function RollbackDialog({
  deploymentId,
  modelName,
  version,
  previousVersion,
  hasPrevious,
  targetName,
}: {
  deploymentId: string;
  modelName: string;
  version: number;
  /** The version that comes back; null when unknown or there is none. */
  previousVersion: number | null;
  /** Whether the deployment records one that ran before it. */
  hasPrevious: boolean;
  targetName: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = `rb-reason-${deploymentId}`;

  const rollback = useMutation({
    mutationFn: () => api(`/api/v1/deployments/${encodeURIComponent(deploymentId)}/rollback`, { method: "POST", body: { reason } }),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError) setErrors(e.errors.length ? e.fieldErrors() : { form: e.message });
      else setErrors({ form: "Could not reach Modelgate. Check your connection." });
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setErrors({});
    if (!reason.trim()) {
      setErrors({ reason: "say why you roll back" });
      return;
    }
    rollback.mutate();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setErrors({});
        if (o) setReason("");
      }}
      title={`Roll back ${modelName} v${version}`}
      description={
        !hasPrevious
          ? `No earlier version is recorded on ${targetName} before v${version}, so there may be nothing to roll back to.`
          : previousVersion !== null
            ? `v${previousVersion} runs on ${targetName} again; v${version} is marked rolled back.`
            : `The version that ran on ${targetName} before v${version} becomes active again; v${version} is marked rolled back.`
      }
      trigger={
        <Button size="sm" variant="secondary" aria-label={`Roll back ${modelName} v${version}`}>
          <Undo2 className="size-3.5" aria-hidden /> Rollback
        </Button>
      }
    >
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <Field label="Reason" htmlFor={id} error={errors.reason} hint="Kept in the deployment history and the audit log.">
          <Textarea
            id={id}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={Boolean(errors.reason) || undefined}
            aria-describedby={errors.reason ? `${id}-error` : undefined}
            placeholder="p95 latency doubled after the release"
            autoFocus
          />
        </Field>
        <FormFooter error={errors.form} onCancel={() => setOpen(false)} pending={rollback.isPending} submit="Roll back" pendingLabel="Rolling back…" />
      </form>
    </Dialog>
  );
}
