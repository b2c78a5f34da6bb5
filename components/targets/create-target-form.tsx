"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { FormFooter } from "@/components/ui/form-footer";
import { useToast } from "@/components/ui/toast";
import { ApiError } from "@/lib/client/api";
import { formErrors, showServerErrors } from "@/lib/client/form";
import { useApiMutation } from "@/lib/client/hooks";
import { targetLinks } from "@/lib/endpoints/links";
import type { TargetCreate } from "@/lib/schemas/targets";
import {
  targetFormsFor,
  emptyTargetValues,
  fieldNames,
  TargetFields,
  type TargetFormValues,
} from "./target-form";

function slugify(name: string) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

/** "New target"'s form, loaded when the dialog opens; on success, the new target's page. */
export function CreateTargetForm({
  allowLocal,
  onDone,
}: {
  /** The server's MODELGATE_GITOPS_ALLOW_LOCAL: whether a local repository may be chosen. */
  allowLocal: boolean;
  onDone: () => void;
}) {
  const router = useRouter();
  const toast = useToast();
  const [slugTouched, setSlugTouched] = useState(false);
  const { register, handleSubmit, setValue, setError, control, formState } = useForm<
    TargetFormValues,
    unknown,
    TargetCreate
  >({
    resolver: zodResolver(targetFormsFor({ allowLocal }).create, formErrors),
    defaultValues: emptyTargetValues,
  });

  const environment = useWatch({ control, name: "environment" });
  const deliveryKind = useWatch({ control, name: "delivery.kind" });

  const create = useApiMutation(targetLinks.create, {
    onSuccess: (target) => {
      toast.success(`Created ${target.name}`, {
        description: "Promotions to it need its approvals; it appears under Targets.",
      });
      router.push(`/targets/${target.slug}`);
    },
    onError: (e) =>
      e instanceof ApiError && e.status === 409
        ? setError("slug", { message: e.message }, { shouldFocus: true })
        : showServerErrors(e, fieldNames, setError),
  });

  return (
    <form
      onSubmit={handleSubmit((body) => create.mutate({ body }))}
      noValidate
      className="flex max-h-[calc(88vh-8.5rem)] flex-col"
    >
      <div className="-m-1 min-h-0 flex-1 space-y-3 overflow-y-auto p-1">
        <TargetFields
          mode="create"
          register={register}
          errors={formState.errors}
          environment={environment}
          deliveryKind={deliveryKind}
          onName={(name) => (slugTouched ? null : setValue("slug", slugify(name)))}
          onSlug={() => setSlugTouched(true)}
        />
      </div>
      <div className="mt-3 shrink-0 space-y-2">
        <FormFooter
          error={formState.errors.root?.message}
          onCancel={onDone}
          pending={create.isPending || create.isSuccess}
          submit="Create target"
          pendingLabel="Creating…"
        />
      </div>
    </form>
  );
}
