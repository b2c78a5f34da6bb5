"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormFooter } from "@/components/ui/form-footer";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/input";
import { ApiError, type ApiBody, apiKey } from "@/lib/client/api";
import { useApiMutation } from "@/lib/client/hooks";
import { modelEndpoints } from "@/lib/endpoints/models";
import { riskLevels, taskTypes } from "@/lib/schemas/models";

function slugify(name: string) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64);
}

export function CreateModelDialog() {
  const router = useRouter();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const create = useApiMutation(modelEndpoints.create, {
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: apiKey.resource("Models") });
      setOpen(false);
      setName("");
      setSlug("");
      setSlugTouched(false);
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
    const f = new FormData(e.currentTarget);
    const tags = String(f.get("tags") ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    const body = {
      slug,
      name,
      description: String(f.get("description") ?? "") || undefined,
      taskType: f.get("taskType") || undefined,
      framework: String(f.get("framework") ?? "") || undefined,
      riskLevel: f.get("riskLevel") || undefined,
      tags: tags.length ? tags : undefined,
    };
    // Sent as typed; the server's schema reports what is wrong, field by field.
    create.mutate({ body: body as ApiBody<typeof modelEndpoints.create> });
  }

  const err = (k: string) => errors[k];
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setErrors({});
      }}
      title="Register a model"
      description="A model is the thing you version, check, promote and watch."
      trigger={
        <Button>
          <Plus className="size-4" aria-hidden /> New model
        </Button>
      }
    >
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Name" htmlFor="m-name" error={err("name")}>
            <Input
              id="m-name"
              value={name}
              aria-invalid={Boolean(err("name"))}
              onChange={(e) => {
                setName(e.target.value);
                if (!slugTouched) setSlug(slugify(e.target.value));
              }}
              placeholder="Churn classifier"
              autoFocus
            />
          </Field>
          <Field label="Slug" htmlFor="m-slug" error={err("slug")} hint="Used in URLs and the API.">
            <Input
              id="m-slug"
              value={slug}
              aria-invalid={Boolean(err("slug"))}
              onChange={(e) => {
                setSlug(e.target.value);
                setSlugTouched(true);
              }}
              className="font-mono"
            />
          </Field>
        </div>
        <Field label="Description" htmlFor="m-description" error={err("description")}>
          <Textarea id="m-description" name="description" rows={2} />
        </Field>
        <div className="grid grid-cols-3 gap-3">
          <Field label="Task" htmlFor="m-task" error={err("taskType")}>
            <Select id="m-task" name="taskType" defaultValue="classification">
              {taskTypes.map((t) => (
                <option key={t} value={t}>
                  {t.replace("_", " ")}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Framework" htmlFor="m-framework" error={err("framework")}>
            <Input id="m-framework" name="framework" placeholder="xgboost" />
          </Field>
          <Field label="Risk" htmlFor="m-risk" error={err("riskLevel")}>
            <Select id="m-risk" name="riskLevel" defaultValue="medium">
              {riskLevels.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label="Tags" htmlFor="m-tags" error={Object.entries(errors).find(([k]) => k.startsWith("tags"))?.[1]} hint="Comma-separated.">
          <Input id="m-tags" name="tags" placeholder="tabular, churn" />
        </Field>
        <FormFooter error={errors.form} onCancel={() => setOpen(false)} pending={create.isPending} submit="Create model" pendingLabel="Creating…" />
      </form>
    </Dialog>
  );
}
