"use client";

import { Pencil } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormFooter } from "@/components/ui/form-footer";
import { ApiError, type ApiBody } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/hooks";
import { targetEndpoints } from "@/lib/endpoints/targets";
import {
  errorsFrom,
  fieldLabels,
  type FormErrors,
  TargetFields,
  type TargetFormValues,
  toBody,
  valuesOf,
} from "./target-form";
import type { TargetDto } from "@/lib/schemas/targets";

interface Conflict {
  current: TargetDto;
  /** Fields someone else changed: what you loaded, and what is there now. */
  changed: { label: string; was: string; now: string }[];
}

function diff(base: TargetDto, current: TargetDto): Conflict["changed"] {
  const a = valuesOf(base);
  const b = valuesOf(current);
  return (Object.keys(a) as (keyof TargetFormValues)[])
    .filter((k) => k !== "slug" && a[k] !== b[k])
    .map((k) => ({ label: fieldLabels[k], was: a[k], now: b[k] }));
}

const shown = (v: string) => (v === "" ? <span className="italic text-muted">empty</span> : v);

/**
 * "Edit": the target form, prefilled, sent as PATCH with If-Match. When someone else saved
 * first (409) it says so and shows what they changed; saving again overwrites with yours.
 */
export function EditTargetDialog({ target, isAdmin }: { target: TargetDto; isAdmin: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [base, setBase] = useState(target);
  const [values, setValues] = useState<TargetFormValues>(() => valuesOf(target));
  const [errors, setErrors] = useState<FormErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  /** Shows errors and moves focus to the first field that has one. */
  const showErrors = (e: FormErrors) => {
    setErrors(e);
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
  };
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const save = useApiMutation(targetEndpoints.update, {
    onSuccess: () => {
      setOpen(false);
      setConflict(null);
      router.refresh();
    },
    onError: (e) => {
      const current =
        e instanceof ApiError && e.status === 409
          ? (e.body.current as TargetDto | undefined)
          : undefined;
      if (current) {
        setConflict({ current, changed: diff(base, current) });
        // Saving again is a deliberate overwrite of the version just shown.
        setBase(current);
        setErrors({});
        router.refresh();
      } else showErrors(errorsFrom(e, "edit"));
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setErrors({});
    const out = toBody(values, "edit");
    if ("errors" in out) showErrors(out.errors);
    else
      save.mutate({
        params: { slug: target.slug },
        body: out.body as ApiBody<typeof targetEndpoints.update>,
        headers: { "If-Match": `"${base.updatedAt}"` },
      });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setErrors({});
        setConflict(null);
        if (o) {
          setBase(target);
          setValues(valuesOf(target));
        }
      }}
      title={`Edit ${target.name}`}
      description="Pending promotion requests keep the approval count they were made with."
      trigger={
        <Button variant="secondary">
          <Pencil className="size-3.5" aria-hidden /> Edit
        </Button>
      }
    >
      <form
        ref={formRef}
        onSubmit={onSubmit}
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
                  setValues(valuesOf(conflict.current));
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
            values={values}
            setValues={setValues}
            errors={errors}
            policyLocked={!isAdmin}
          />
        </div>
        <div className="mt-3 shrink-0 space-y-2">
          <FormFooter
            error={errors.form}
            onCancel={() => setOpen(false)}
            pending={save.isPending}
            submit="Save target"
            pendingLabel="Saving…"
          />
        </div>
      </form>
    </Dialog>
  );
}
