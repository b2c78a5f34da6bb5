"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type FieldPath, useForm } from "react-hook-form";
import { z } from "zod";
import { FormFooter } from "@/components/ui/form-footer";
import { useToast } from "@/components/ui/toast";
import { Field, Input, Select, Textarea } from "@/components/ui/input";
import { ApiError, apiKey } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/hooks";
import { modelLinks } from "@/lib/endpoints/links";
import { modelCreate, riskLevels, taskTypes } from "@/lib/schemas/models";

// The form checks with the API's own schema (modelCreate), so a field is refused here with the
// words the API would use; what only the server knows (a slug already taken) comes back as
// problem+json and is put on its field the same way.

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The form's strings as the API's body: empty optional fields left out, tags split. */
const form = modelCreate.extend({
  description: z.preprocess(blankToUndefined, modelCreate.shape.description),
  framework: z.preprocess(blankToUndefined, modelCreate.shape.framework),
  // Checked here rather than piped, so a bad tag is reported on the one field that holds them all.
  tags: z.string().transform((v, ctx) => {
    const tags = v
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    const checked = modelCreate.shape.tags.safeParse(tags.length ? tags : undefined);
    if (checked.success) return checked.data;
    for (const issue of checked.error.issues) {
      const which = typeof issue.path[0] === "number" ? ` (tag ${issue.path[0] + 1})` : "";
      ctx.addIssue({ code: "custom", message: `${issue.message}${which}` });
    }
    return z.NEVER;
  }),
});
type FormValues = z.input<typeof form>;

const fields = [
  "slug",
  "name",
  "description",
  "taskType",
  "framework",
  "riskLevel",
  "tags",
] as const;
const blank: FormValues = {
  slug: "",
  name: "",
  description: "",
  taskType: "classification",
  framework: "",
  riskLevel: "medium",
  tags: "",
};

function slugify(name: string) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

/** The fields of "Register a model"; loaded when the dialog opens (react-hook-form stays off the first load). */
export function CreateModelForm({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const qc = useQueryClient();
  const [slugTouched, setSlugTouched] = useState(false);
  const {
    register,
    handleSubmit,
    setValue,
    setError,
    formState: { errors },
  } = useForm<FormValues, unknown, z.output<typeof form>>({
    resolver: zodResolver(form),
    defaultValues: blank,
  });

  const create = useApiMutation(modelLinks.create, {
    onSuccess: (model) => {
      qc.invalidateQueries({ queryKey: apiKey.resource("Models") });
      onDone();
      toast.success(`Created ${model.name}`, {
        link: { href: `/models/${model.slug}`, label: "Open model" },
      });
      router.refresh();
    },
    onError: (e) => {
      if (!(e instanceof ApiError))
        return setError("root", { message: "Could not reach Modelgate. Check your connection." });
      if (!e.errors.length) return setError("root", { message: e.message });
      for (const { path, message } of e.errors) {
        const field = fields.find((f) => path === f || path.startsWith(`${f}.`));
        setError(field ?? "root", { message: field ? message : `${path}: ${message}` });
      }
    },
  });

  const err = (k: FieldPath<FormValues>) => errors[k]?.message;
  const name = register("name", {
    onChange: (e: { target: { value: string } }) => {
      if (!slugTouched) setValue("slug", slugify(e.target.value));
    },
  });
  const slug = register("slug", { onChange: () => setSlugTouched(true) });
  return (
    <form
      onSubmit={handleSubmit((body) => create.mutate({ body }))}
      className="space-y-3"
      noValidate
    >
      <div className="grid grid-cols-2 gap-3">
        <Field label="Name" htmlFor="m-name" error={err("name")}>
          <Input
            id="m-name"
            {...name}
            aria-invalid={Boolean(err("name"))}
            placeholder="Churn classifier"
            autoFocus
          />
        </Field>
        <Field label="Slug" htmlFor="m-slug" error={err("slug")} hint="Used in URLs and the API.">
          <Input id="m-slug" {...slug} aria-invalid={Boolean(err("slug"))} className="font-mono" />
        </Field>
      </div>
      <Field label="Description" htmlFor="m-description" error={err("description")}>
        <Textarea id="m-description" {...register("description")} rows={2} />
      </Field>
      <div className="grid grid-cols-3 gap-3">
        <Field label="Task" htmlFor="m-task" error={err("taskType")}>
          <Select id="m-task" {...register("taskType")}>
            {taskTypes.map((t) => (
              <option key={t} value={t}>
                {t.replace("_", " ")}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Framework" htmlFor="m-framework" error={err("framework")}>
          <Input id="m-framework" {...register("framework")} placeholder="xgboost" />
        </Field>
        <Field label="Risk" htmlFor="m-risk" error={err("riskLevel")}>
          <Select id="m-risk" {...register("riskLevel")}>
            {riskLevels.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="Tags" htmlFor="m-tags" error={err("tags")} hint="Comma-separated.">
        <Input id="m-tags" {...register("tags")} placeholder="tabular, churn" />
      </Field>
      <FormFooter
        error={errors.root?.message}
        onCancel={onDone}
        pending={create.isPending}
        submit="Create model"
        pendingLabel="Creating…"
      />
    </form>
  );
}
