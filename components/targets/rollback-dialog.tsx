"use client";

import { useMutation } from "@tanstack/react-query";
import { Undo2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { GateList } from "@/components/promotions/gate-list";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Textarea } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { useRefresh } from "@/components/ui/use-refresh";
import { ApiError, callApi } from "@/lib/client/api";
import { deploymentLinks } from "@/lib/endpoints/links";
import { EMERGENCY_REASON_MIN, type Gate } from "@/lib/schemas/promotions";

/** The blocking gates a 422 gate_failed lists as failed; null for any other error. */
function failedGates(e: unknown): Gate[] | null {
  if (!(e instanceof ApiError) || e.status !== 422 || !Array.isArray(e.body.gates)) return null;
  return (e.body.gates as Gate[]).filter((g) => g.blocking && !g.passed);
}

/** Why the version cannot come back, and what can be done: an admin's emergency rollback. */
function Refusal({
  gates,
  version,
  canOverride,
}: {
  gates: Gate[];
  version: string;
  canOverride: boolean;
}) {
  return (
    <div role="alert" className="space-y-2 rounded-md border border-crit/40 bg-crit-bg p-3 text-sm">
      <p className="font-medium text-crit">
        {version} cannot come back under the approval policy: these blocking gates fail.
      </p>
      <GateList gates={gates} />
      <p className="text-xs text-fg">
        {canOverride
          ? `As an admin you may roll back anyway. It is recorded as an emergency rollback, not approved under the policy, until a version is promoted normally. Say why in at least ${EMERGENCY_REASON_MIN} characters.`
          : "Only an admin can roll back anyway, as an emergency. Otherwise fix what fails, or promote a version that passes."}
      </p>
    </div>
  );
}

/**
 * "Rollback" for one active deployment: asks why, then re-activates the version that ran
 * before. The API decides (403 on production for editors, 422 when nothing ran before, 422
 * gate_failed when the restored version fails a blocking gate); its message is shown in the
 * dialog, and a gate refusal lists the gates and, for admins, offers the emergency rollback.
 */
export function RollbackDialog({
  deploymentId,
  modelName,
  version,
  previousVersion,
  hasPrevious,
  targetName,
  canOverride,
}: {
  deploymentId: string;
  modelName: string;
  version: number;
  /** The version that comes back; null when unknown or there is none. */
  previousVersion: number | null;
  /** Whether the deployment records one that ran before it. */
  hasPrevious: boolean;
  targetName: string;
  /** Admins: may roll back anyway, as an emergency, when gates fail. */
  canOverride: boolean;
}) {
  const refresh = useRefresh();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refused, setRefused] = useState<Gate[] | null>(null);
  const id = `rb-reason-${deploymentId}`;
  const emergency = refused !== null;

  const rollback = useMutation({
    mutationFn: (body: { reason: string; emergency?: true }) =>
      callApi(deploymentLinks.rollback, { params: { id: deploymentId }, body }),
    onSuccess: (now) => {
      setOpen(false);
      toast.success(`Rolled back ${modelName} to v${now.version}`, {
        description: `v${version} is marked rolled back on ${targetName}.`,
        link: { href: `/deployments/${now.id}`, label: "Open deployment" },
      });
      refresh("Deployments", "Targets", "System");
    },
    onError: (e) => {
      const gates = failedGates(e);
      if (gates) setRefused(gates);
      else if (e instanceof ApiError)
        setErrors(e.errors.length ? e.fieldErrors() : { form: e.message });
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
    if (emergency && reason.trim().length < EMERGENCY_REASON_MIN) {
      setErrors({
        reason: `an emergency rollback needs a reason of at least ${EMERGENCY_REASON_MIN} characters`,
      });
      return;
    }
    rollback.mutate(emergency ? { reason, emergency: true } : { reason });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setErrors({});
        setRefused(null);
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
        {refused ? (
          <Refusal
            gates={refused}
            version={previousVersion !== null ? `v${previousVersion}` : "The earlier version"}
            canOverride={canOverride}
          />
        ) : null}
        <Field
          label="Reason"
          htmlFor={id}
          error={errors.reason}
          hint="Kept in the deployment history and the audit log."
        >
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
        {!refused ? (
          <FormFooter
            error={errors.form}
            onCancel={() => setOpen(false)}
            pending={rollback.isPending}
            submit="Roll back"
            pendingLabel="Rolling back…"
          />
        ) : (
          <>
            {errors.form ? (
              <p role="alert" className="text-sm text-crit">
                {errors.form}
              </p>
            ) : null}
            <div className="flex justify-end gap-2 pt-2">
              <Button variant="secondary" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              {canOverride ? (
                <Button type="submit" variant="danger" disabled={rollback.isPending}>
                  {rollback.isPending ? "Rolling back…" : "Roll back anyway (emergency)"}
                </Button>
              ) : null}
            </div>
          </>
        )}
      </form>
    </Dialog>
  );
}
