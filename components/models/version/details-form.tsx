"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input } from "@/components/ui/input";
import { type FormInputs, showServerErrors, text } from "@/lib/client/form";
import { useApiMutation } from "@/lib/client/hooks";
import { versionLinks } from "@/lib/endpoints/links";
import { type VersionDto, versionUpdate } from "@/lib/schemas/versions";

// "Edit details", loaded when its dialog opens: the serving image and the version's lineage,
// checked with the API's own field schemas. Only what changed is sent, so a version whose
// details are all as they were is not touched at all.

const { shape } = versionUpdate;
const readers = {
  image: text(shape.image),
  format: text(shape.format),
  gitCommit: text(shape.gitCommit),
  trainingData: text(shape.trainingData),
  runUrl: text(shape.runUrl),
};
type Output = { [K in keyof typeof readers]: string | null };
type Values = FormInputs<Output>;
// The readers take the inputs' strings; their types say unknown.
const form = z.object(readers) as unknown as z.ZodType<Output, Values>;
const fields = Object.keys(readers) as (keyof Values)[];

export function VersionDetailsForm({ v, onDone }: { v: VersionDto; onDone: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const initial = Object.fromEntries(fields.map((k) => [k, v[k] ?? ""])) as Values;
  const { register, handleSubmit, setError, formState } = useForm<Values, unknown, Output>({
    resolver: zodResolver(form),
    defaultValues: initial,
  });
  const save = useApiMutation(versionLinks.update, {
    onSuccess: () => {
      onDone();
      router.refresh();
      // The readiness card's gates read the image (a Kubernetes target needs one): read again.
      void queryClient.invalidateQueries();
    },
    onError: (e) => showServerErrors(e, fields, setError),
  });
  const submit = (values: Output) => {
    const changed = Object.fromEntries(
      fields.filter((k) => values[k] !== v[k]).map((k) => [k, values[k]]),
    );
    if (Object.keys(changed).length === 0) return onDone();
    save.mutate({ params: { slug: v.model, n: v.version }, body: changed });
  };

  const { errors } = formState;
  const input = (k: keyof Values, label: string, hint?: string, placeholder?: string) => (
    <Field label={label} htmlFor={`vd-${k}`} error={errors[k]?.message} hint={hint}>
      <Input
        id={`vd-${k}`}
        className={k === "trainingData" ? undefined : "font-mono"}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        {...register(k)}
        aria-invalid={Boolean(errors[k])}
      />
    </Field>
  );
  return (
    <form onSubmit={handleSubmit(submit)} className="space-y-3" noValidate>
      {input(
        "image",
        "Serving image",
        "The container a Kubernetes target runs. With @sha256:…, the digest is what gets deployed.",
        "ghcr.io/acme/churn-server:1.4",
      )}
      <div className="grid grid-cols-2 gap-3">
        {input("format", "Format", undefined, "onnx")}
        {input("gitCommit", "Git commit")}
      </div>
      {input("trainingData", "Training data")}
      {input("runUrl", "Run URL", undefined, "https://")}
      <FormFooter
        error={errors.root?.message}
        onCancel={onDone}
        pending={save.isPending}
        submit="Save details"
        pendingLabel="Saving…"
      />
    </form>
  );
}
