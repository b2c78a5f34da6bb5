"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormFooter } from "@/components/ui/form-footer";
import type { ApiBody } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/hooks";
import { targetEndpoints } from "@/lib/endpoints/targets";
import {
  emptyTargetValues,
  errorsFrom,
  type FormErrors,
  TargetFields,
  type TargetFormValues,
  toBody,
} from "./target-form";

/** "New target": a dialog form; on success, the new target's page. */
export function CreateTargetDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<TargetFormValues>(emptyTargetValues);
  const [slugTouched, setSlugTouched] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  /** Shows errors and moves focus to the first field that has one. */
  const showErrors = (e: FormErrors) => {
    setErrors(e);
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
  };

  const create = useApiMutation(targetEndpoints.create, {
    onSuccess: (target) => {
      router.push(`/targets/${target.slug}`);
    },
    onError: (e) => showErrors(errorsFrom(e, "create")),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setErrors({});
    const out = toBody(values, "create");
    if ("errors" in out) showErrors(out.errors);
    else create.mutate({ body: out.body as ApiBody<typeof targetEndpoints.create> });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setErrors({});
        if (o) {
          setValues(emptyTargetValues);
          setSlugTouched(false);
        }
      }}
      title="New deployment target"
      description="An environment models can be promoted to, with what it offers and how many approvals it needs."
      trigger={
        <Button>
          <Plus className="size-4" aria-hidden /> New target
        </Button>
      }
    >
      <form
        ref={formRef}
        onSubmit={onSubmit}
        noValidate
        className="flex max-h-[calc(88vh-8.5rem)] flex-col"
      >
        <div className="-m-1 min-h-0 flex-1 space-y-3 overflow-y-auto p-1">
          <TargetFields
            mode="create"
            values={values}
            setValues={setValues}
            errors={errors}
            slugTouched={slugTouched}
            onSlugTouched={() => setSlugTouched(true)}
          />
        </div>
        <div className="mt-3 shrink-0 space-y-2">
          <FormFooter
            error={errors.form}
            onCancel={() => setOpen(false)}
            pending={create.isPending || create.isSuccess}
            submit="Create target"
            pendingLabel="Creating…"
          />
        </div>
      </form>
    </Dialog>
  );
}
