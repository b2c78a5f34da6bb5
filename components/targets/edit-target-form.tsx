"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormFooter } from "@/components/ui/form-footer";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/client/api";
import { formErrors, showServerErrors } from "@/lib/client/form";
import { useApiMutation } from "@/lib/client/hooks";
import { targetLinks } from "@/lib/endpoints/links";
import type { TargetDto, TargetUpdate } from "@/lib/schemas/targets";
import {
  changedFields,
  targetFormsFor,
  fieldNames,
  TargetFields,
  type TargetFormValues,
  valuesOf,
} from "./target-form";

interface Conflict {
  current: TargetDto;
  /** Fields someone else changed: what you loaded, and what is there now. */
  changed: ReturnType<typeof changedFields>;
}

const shown = (v: string) => (v === "" ? <span className="italic text-muted">empty</span> : v);

/**
 * "Edit"'s form, prefilled, sent as PATCH with If-Match. When someone else saved first (409)
 * it says so and shows what they changed; saving again overwrites with yours.
 */
export function EditTargetForm({
  target,
  isAdmin,
  allowLocal,
  onDone,
}: {
  target: TargetDto;
  isAdmin: boolean;
  /** The server's MODELGATE_GITOPS_ALLOW_LOCAL: whether a local repository may be chosen. */
  allowLocal: boolean;
  onDone: () => void;
}) {
  const router = useRouter();
  const [base, setBase] = useState(target);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const { register, handleSubmit, reset, setError, clearErrors, control, formState } = useForm<
    TargetFormValues,
    unknown,
    TargetUpdate
  >({
    resolver: zodResolver(targetFormsFor({ allowLocal }).edit, formErrors),
    defaultValues: valuesOf(target),
  });
  const deliveryKind = useWatch({ control, name: "delivery.kind" });

  const toast = useToast();
  const save = useApiMutation(targetLinks.update, {
    onSuccess: (saved) => {
      onDone();
      toast.success(`Saved ${saved.name}`);
      router.refresh();
    },
    onError: (e) => {
      const current =
        e instanceof ApiError && e.status === 409
          ? (e.body.current as TargetDto | undefined)
          : undefined;
      if (!current) return showServerErrors(e, fieldNames, setError);
      setConflict({ current, changed: changedFields(base, current) });
      // Saving again is a deliberate overwrite of the version just shown.
      setBase(current);
      clearErrors();
      router.refresh();
    },
  });

  return (
    <form
      onSubmit={handleSubmit((body) =>
        save.mutate({
          params: { slug: target.slug },
          body,
          headers: { "If-Match": `"${base.updatedAt}"` },
        }),
      )}
      noValidate
      className="flex max-h-[calc(88vh-8.5rem)] flex-col"
    >
      {conflict ? (
        <div
          role="alert"
          className="mb-3 max-h-[30vh] shrink-0 overflow-y-auto rounded-md border border-warn/50 bg-warn-bg p-3 text-sm"
        >
          <p className="font-medium text-warn">
            Someone changed this target since you opened the form.
          </p>
          {conflict.changed.length ? (
            <>
              <p className="mt-1 text-xs text-fg">Their values now:</p>
              <dl className="mt-1 space-y-0.5 text-xs">
                {conflict.changed.map((c) => (
                  <div key={c.label} className="flex flex-wrap gap-x-1.5">
                    <dt className="font-medium text-fg">{c.label}:</dt>
                    <dd className="text-fg">
                      <span className="line-through opacity-70">{shown(c.was)}</span> →{" "}
                      {shown(c.now)}
                    </dd>
                  </div>
                ))}
              </dl>
            </>
          ) : (
            <p className="mt-1 text-xs text-fg">None of the fields in this form changed.</p>
          )}
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                reset(valuesOf(conflict.current));
                setConflict(null);
              }}
            >
              Load current values
            </Button>
            <span className="text-xs text-fg">or save again to overwrite them with yours.</span>
          </div>
        </div>
      ) : null}
      <div className="-m-1 min-h-0 flex-1 space-y-3 overflow-y-auto p-1">
        <TargetFields
          mode="edit"
          register={register}
          errors={formState.errors}
          deliveryKind={deliveryKind}
          policyLocked={!isAdmin}
        />
      </div>
      <div className="mt-3 shrink-0 space-y-2">
        <FormFooter
          error={formState.errors.root?.message}
          onCancel={onDone}
          pending={save.isPending}
          submit="Save target"
          pendingLabel="Saving…"
        />
      </div>
    </form>
  );
}
