"use client";

import type { ReactNode } from "react";
import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { get } from "react-hook-form";
import type { z } from "zod";
import { Field, Input, Select, Textarea } from "@/components/ui/input";
import { commaList, type FormInputs, numeric, text } from "@/lib/client/form";
import { targetCreate, targetEnvironments, targetKinds, targetUpdate } from "@/lib/schemas/targets";
import type { TargetCreate, TargetDto, TargetUpdate } from "@/lib/schemas/targets";
import { kindLabels } from "./status";

// The fields of a deployment target, shared by the create and the edit form. They are checked
// with the API's own schemas; the wrappers below only read the inputs' strings. Field names are
// the API's paths ("scaling.maxReplicas"), so the server's errors land on their fields as they are.

// safeExtend keeps the API schemas' refinements (approvals that fit the environment, max >= min
// replicas); its types ask for the API's input types, and ours are the inputs' strings.
const reading = (schema: z.ZodObject, fields: z.ZodRawShape) => schema.safeExtend(fields as never);
const { shape } = targetCreate;
const hardware = shape.hardware.unwrap();
const scaling = shape.scaling.unwrap();
const fromInputs = {
  region: text(shape.region),
  endpoint: text(shape.endpoint),
  hardware: reading(hardware, {
    cpuCores: numeric(hardware.shape.cpuCores),
    memoryMb: numeric(hardware.shape.memoryMb),
    gpu: text(hardware.shape.gpu),
  }),
  scaling: reading(scaling, {
    minReplicas: numeric(scaling.shape.minReplicas),
    maxReplicas: numeric(scaling.shape.maxReplicas),
  }),
  complianceTags: commaList(shape.complianceTags),
  requiredApprovals: numeric(shape.requiredApprovals, true),
};
/** The API's body as the inputs' strings; the slug is the create form's only. */
export type TargetFormValues = FormInputs<Omit<TargetCreate, "slug">> & { slug?: string };

export const createTargetForm = reading(targetCreate, {
  ...fromInputs,
  slug: text(shape.slug, true),
}) as unknown as z.ZodType<TargetCreate, TargetFormValues>;
export const editTargetForm = reading(targetUpdate, fromInputs) as unknown as z.ZodType<
  TargetUpdate,
  TargetFormValues
>;

/** Labels of the form's fields, also used to name what changed after a conflict. */
const fieldLabels = {
  slug: "Slug",
  name: "Name",
  description: "Description",
  kind: "Kind",
  provider: "Provider",
  region: "Region",
  environment: "Environment",
  endpoint: "Endpoint URL",
  "hardware.cpuCores": "CPU cores",
  "hardware.memoryMb": "Memory (MB)",
  "hardware.gpu": "GPU",
  "scaling.minReplicas": "Min replicas",
  "scaling.maxReplicas": "Max replicas",
  complianceTags: "Compliance tags",
  requiredApprovals: "Required approvals",
} as const;
type Name = keyof typeof fieldLabels;
export const fieldNames = Object.keys(fieldLabels) as Name[];

export const emptyTargetValues: TargetFormValues = {
  slug: "",
  name: "",
  description: "",
  kind: "cloud",
  provider: "",
  region: "",
  environment: "staging",
  endpoint: "",
  hardware: { cpuCores: "", memoryMb: "", gpu: "" },
  scaling: { minReplicas: "1", maxReplicas: "2" },
  complianceTags: "",
  requiredApprovals: "",
};

const str = (v: string | number | null) => (v === null ? "" : String(v));

/** A target as the edit form's strings (no slug: it is not edited). */
export const valuesOf = (t: TargetDto): TargetFormValues => ({
  name: t.name,
  description: t.description,
  kind: t.kind,
  provider: t.provider,
  region: str(t.region),
  environment: t.environment,
  endpoint: str(t.endpoint),
  hardware: {
    cpuCores: str(t.hardware.cpuCores),
    memoryMb: str(t.hardware.memoryMb),
    gpu: str(t.hardware.gpu),
  },
  scaling: { minReplicas: str(t.scaling.minReplicas), maxReplicas: str(t.scaling.maxReplicas) },
  complianceTags: t.complianceTags.join(", "),
  requiredApprovals: str(t.requiredApprovals),
});

/** Fields whose values differ between two versions of a target: what it was, and what it is now. */
export function changedFields(was: TargetDto, now: TargetDto) {
  const a = valuesOf(was);
  const b = valuesOf(now);
  return fieldNames
    .filter((k) => k !== "slug" && get(a, k) !== get(b, k))
    .map((k) => ({ label: fieldLabels[k], was: String(get(a, k)), now: String(get(b, k)) }));
}

const policy = new Set<Name>(["environment", "endpoint", "requiredApprovals", "complianceTags"]);
const hinted = new Set<Name>(["slug", "requiredApprovals", "complianceTags"]);

/** The fields. In create mode the slug follows the name until it is edited by hand. */
export function TargetFields({
  mode,
  register,
  errors,
  environment,
  onName,
  onSlug,
  policyLocked = false,
}: {
  mode: "create" | "edit";
  register: UseFormRegister<TargetFormValues>;
  errors: FieldErrors<TargetFormValues>;
  /** The environment chosen, for the approvals' default (create only). */
  environment?: string;
  onName?: (name: string) => void;
  onSlug?: () => void;
  /** Environment, approvals, compliance tags and endpoint are the approval policy: admins only. */
  policyLocked?: boolean;
}) {
  const p = mode === "create" ? "tc" : "te";
  const id = (k: Name) => `${p}-${k.split(".").pop()}`;
  const error = (k: Name) => (get(errors, k) as { message?: string } | undefined)?.message;
  // The control's props: registered, labelled by its error or hint for screen readers.
  const control = (k: Name, onChange?: (value: string) => void) => ({
    id: id(k),
    ...register(k, onChange && { onChange: (e) => onChange(e.target.value) }),
    ...(policyLocked && policy.has(k)
      ? { disabled: true, title: "Only admins change what a target demands" }
      : {}),
    "aria-invalid": Boolean(error(k)) || undefined,
    "aria-describedby": error(k) ? `${id(k)}-error` : hinted.has(k) ? `${id(k)}-hint` : undefined,
  });
  const field = (k: Name, children: ReactNode, hint?: string) => (
    <Field
      label={fieldLabels[k]}
      htmlFor={id(k)}
      error={error(k)}
      hint={hint ? <span id={`${id(k)}-hint`}>{hint}</span> : undefined}
    >
      {children}
    </Field>
  );
  const textField = (k: Name, placeholder: string) =>
    field(k, <Input {...control(k)} placeholder={placeholder} />);
  const count = (k: Name, min: number, more?: object) =>
    field(
      k,
      <Input {...control(k)} type="number" min={min} step={1} inputMode="numeric" {...more} />,
    );
  const create = mode === "create";

  return (
    <>
      <div className="grid grid-cols-2 gap-3">
        {field(
          "name",
          <Input {...control("name", onName)} placeholder="GCP production (us-east1)" autoFocus />,
        )}
        {create
          ? field(
              "slug",
              <Input {...control("slug", onSlug)} className="font-mono" spellCheck={false} />,
              "Used in URLs and the API.",
            )
          : textField("provider", "aws")}
      </div>
      {field("description", <Textarea {...control("description")} rows={2} />)}
      <div className="grid grid-cols-3 gap-3">
        {field(
          "kind",
          <Select {...control("kind")}>
            {targetKinds.map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]}
              </option>
            ))}
          </Select>,
        )}
        {field(
          "environment",
          <Select {...control("environment")}>
            {targetEnvironments.map((env) => (
              <option key={env} value={env}>
                {env}
              </option>
            ))}
          </Select>,
        )}
        {create ? textField("provider", "aws") : textField("region", "eu-west-1")}
      </div>
      <div className="grid grid-cols-3 gap-3">
        {create ? textField("region", "eu-west-1") : null}
        <div className={create ? "col-span-2" : "col-span-3"}>
          {field(
            "endpoint",
            <Input {...control("endpoint")} type="url" placeholder="https://models.example.com" />,
          )}
        </div>
      </div>
      <div className="grid grid-cols-3 gap-3">
        {field(
          "hardware.cpuCores",
          <Input
            {...control("hardware.cpuCores")}
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
          />,
        )}
        {count("hardware.memoryMb", 0)}
        {textField("hardware.gpu", "none")}
      </div>
      <div className="grid grid-cols-3 gap-3">
        {count("scaling.minReplicas", 0)}
        {count("scaling.maxReplicas", 1)}
        {count("requiredApprovals", 0, {
          max: 10,
          placeholder: create ? `default ${environment === "production" ? 1 : 0}` : undefined,
        })}
      </div>
      <p id={`${id("requiredApprovals")}-hint`} className="-mt-1 text-xs text-muted">
        Required approvals: production needs at least 1; default 1 for production, 0 for staging.
        {policyLocked
          ? " Only admins change the environment, endpoint, approvals and compliance tags."
          : ""}
      </p>
      {field(
        "complianceTags",
        <Input {...control("complianceTags")} placeholder="soc2, gdpr" />,
        "Comma-separated, e.g. soc2, gdpr.",
      )}
    </>
  );
}
