"use client";

import type { ChangeEvent, Dispatch, ReactNode, SetStateAction } from "react";
import { Field, Input, Select, Textarea } from "@/components/ui/input";
import { ApiError } from "@/lib/client/api";
import { targetEnvironments, targetKinds } from "@/lib/schemas/targets";
import type { TargetDto } from "@/lib/schemas/targets";
import { kindLabels } from "./status";

// The fields of a deployment target, shared by the create and the edit dialog. Values are
// kept as strings, exactly as typed; `toBody` turns them into the API's JSON.

export interface TargetFormValues {
  slug: string;
  name: string;
  description: string;
  kind: string;
  provider: string;
  region: string;
  environment: string;
  endpoint: string;
  cpuCores: string;
  memoryMb: string;
  gpu: string;
  minReplicas: string;
  maxReplicas: string;
  complianceTags: string;
  requiredApprovals: string;
}

export const emptyTargetValues: TargetFormValues = {
  slug: "",
  name: "",
  description: "",
  kind: "cloud",
  provider: "",
  region: "",
  environment: "staging",
  endpoint: "",
  cpuCores: "",
  memoryMb: "",
  gpu: "",
  minReplicas: "1",
  maxReplicas: "2",
  complianceTags: "",
  requiredApprovals: "",
};

const text = (v: string | number | null | undefined) =>
  v === null || v === undefined ? "" : String(v);

export function valuesOf(t: TargetDto): TargetFormValues {
  return {
    slug: t.slug,
    name: t.name,
    description: t.description,
    kind: t.kind,
    provider: t.provider,
    region: text(t.region),
    environment: t.environment,
    endpoint: text(t.endpoint),
    cpuCores: text(t.hardware.cpuCores),
    memoryMb: text(t.hardware.memoryMb),
    gpu: text(t.hardware.gpu),
    minReplicas: text(t.scaling.minReplicas),
    maxReplicas: text(t.scaling.maxReplicas),
    complianceTags: t.complianceTags.join(", "),
    requiredApprovals: text(t.requiredApprovals),
  };
}

/** Labels of the form's fields, also used to name what changed after a conflict. */
export const fieldLabels: Record<keyof TargetFormValues, string> = {
  slug: "Slug",
  name: "Name",
  description: "Description",
  kind: "Kind",
  provider: "Provider",
  region: "Region",
  environment: "Environment",
  endpoint: "Endpoint URL",
  cpuCores: "CPU cores",
  memoryMb: "Memory (MB)",
  gpu: "GPU",
  minReplicas: "Min replicas",
  maxReplicas: "Max replicas",
  complianceTags: "Compliance tags",
  requiredApprovals: "Required approvals",
};

/** The API's error paths for each field. */
const apiPaths: Record<keyof TargetFormValues, string> = {
  slug: "slug",
  name: "name",
  description: "description",
  kind: "kind",
  provider: "provider",
  region: "region",
  environment: "environment",
  endpoint: "endpoint",
  cpuCores: "hardware.cpuCores",
  memoryMb: "hardware.memoryMb",
  gpu: "hardware.gpu",
  minReplicas: "scaling.minReplicas",
  maxReplicas: "scaling.maxReplicas",
  complianceTags: "complianceTags",
  requiredApprovals: "requiredApprovals",
};

export type FormErrors = Partial<Record<keyof TargetFormValues | "form", string>>;

const num = (s: string) => (s.trim() === "" ? null : Number(s));
const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

/** The request body, or the errors that stop it being sent (required numbers left empty). */
export function toBody(
  v: TargetFormValues,
  mode: "create" | "edit",
): { body: Record<string, unknown> } | { errors: FormErrors } {
  const errors: FormErrors = {};
  if (v.minReplicas.trim() === "") errors.minReplicas = "is required";
  if (v.maxReplicas.trim() === "") errors.maxReplicas = "is required";
  if (Object.keys(errors).length) return { errors };
  const tags = v.complianceTags
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const body: Record<string, unknown> = {
    ...(mode === "create" ? { slug: v.slug.trim() } : {}),
    name: v.name,
    description: mode === "create" && v.description === "" ? undefined : v.description,
    kind: v.kind,
    provider: v.provider,
    region: orNull(v.region),
    environment: v.environment,
    endpoint: orNull(v.endpoint),
    hardware: { cpuCores: num(v.cpuCores), memoryMb: num(v.memoryMb), gpu: orNull(v.gpu) },
    scaling: { minReplicas: num(v.minReplicas), maxReplicas: num(v.maxReplicas) },
    complianceTags: tags,
    requiredApprovals: num(v.requiredApprovals) ?? undefined,
  };
  return { body };
}

/** Field errors from a problem+json response; anything not tied to a field goes to `form`. */
export function errorsFrom(e: unknown, mode: "create" | "edit"): FormErrors {
  if (!(e instanceof ApiError))
    return { form: "Could not reach Modelgate. Check your connection." };
  if (mode === "create" && e.status === 409) return { slug: e.message };
  if (!e.errors.length) return { form: e.message };
  const out: FormErrors = {};
  const loose: string[] = [];
  for (const { path, message } of e.errors) {
    const key = (Object.keys(apiPaths) as (keyof TargetFormValues)[]).find(
      (k) => path === apiPaths[k] || (k === "complianceTags" && path.startsWith("complianceTags.")),
    );
    if (key && (mode === "create" || key !== "slug")) {
      const tag =
        key === "complianceTags" && path !== "complianceTags"
          ? ` (tag ${Number(path.split(".")[1]) + 1})`
          : "";
      out[key] ??= `${message}${tag}`;
    } else loose.push(path === "(root)" ? message : `${path}: ${message}`);
  }
  if (loose.length) out.form = loose.join("; ");
  return out;
}

function slugify(name: string) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

/**
 * The fields. Controlled: `values` and `setValues` belong to the dialog. In create mode the
 * slug follows the name until it is edited by hand.
 */
export function TargetFields({
  mode,
  values,
  setValues,
  errors,
  slugTouched,
  onSlugTouched,
  policyLocked = false,
}: {
  mode: "create" | "edit";
  /** Environment, approvals, compliance tags and endpoint are the approval policy: admins only. */
  policyLocked?: boolean;
  values: TargetFormValues;
  setValues: Dispatch<SetStateAction<TargetFormValues>>;
  errors: FormErrors;
  slugTouched?: boolean;
  onSlugTouched?: () => void;
}) {
  const p = mode === "create" ? "tc" : "te";
  const id = (k: keyof TargetFormValues) => `${p}-${k}`;
  const on =
    (k: keyof TargetFormValues) =>
    (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
      const value = e.target.value;
      setValues((v) => ({ ...v, [k]: value }));
    };
  // Wires a control to its label's error message for screen readers.
  const policy = new Set<keyof TargetFormValues>([
    "environment",
    "endpoint",
    "requiredApprovals",
    "complianceTags",
  ]);
  const a11y = (k: keyof TargetFormValues, hint?: boolean) => ({
    id: id(k),
    ...(policyLocked && policy.has(k)
      ? { disabled: true, title: "Only admins change what a target demands" }
      : {}),
    "aria-invalid": Boolean(errors[k]) || undefined,
    "aria-describedby": errors[k] ? `${id(k)}-error` : hint ? `${id(k)}-hint` : undefined,
  });
  const field = ({
    k,
    children,
    hint,
  }: {
    k: keyof TargetFormValues;
    children: ReactNode;
    hint?: string;
  }) => (
    <Field
      label={fieldLabels[k]}
      htmlFor={id(k)}
      error={errors[k]}
      hint={hint ? <span id={`${id(k)}-hint`}>{hint}</span> : undefined}
    >
      {children}
    </Field>
  );

  return (
    <>
      <div className="grid grid-cols-2 gap-3">
        {field({
          k: "name",
          children: (
            <Input
              {...a11y("name")}
              value={values.name}
              onChange={(e) => {
                const name = e.target.value;
                setValues((v) => ({
                  ...v,
                  name,
                  ...(mode === "create" && !slugTouched ? { slug: slugify(name) } : {}),
                }));
              }}
              placeholder="GCP production (us-east1)"
              autoFocus
            />
          ),
        })}
        {mode === "create"
          ? field({
              k: "slug",
              hint: "Used in URLs and the API.",
              children: (
                <Input
                  {...a11y("slug", true)}
                  value={values.slug}
                  onChange={(e) => {
                    on("slug")(e);
                    onSlugTouched?.();
                  }}
                  className="font-mono"
                  spellCheck={false}
                />
              ),
            })
          : field({
              k: "provider",
              children: (
                <Input
                  {...a11y("provider")}
                  value={values.provider}
                  onChange={on("provider")}
                  placeholder="aws"
                />
              ),
            })}
      </div>
      {field({
        k: "description",
        children: (
          <Textarea
            {...a11y("description")}
            rows={2}
            value={values.description}
            onChange={on("description")}
          />
        ),
      })}
      <div className="grid grid-cols-3 gap-3">
        {field({
          k: "kind",
          children: (
            <Select {...a11y("kind")} value={values.kind} onChange={on("kind")}>
              {targetKinds.map((k) => (
                <option key={k} value={k}>
                  {kindLabels[k]}
                </option>
              ))}
            </Select>
          ),
        })}
        {field({
          k: "environment",
          children: (
            <Select
              {...a11y("environment")}
              value={values.environment}
              onChange={on("environment")}
            >
              {targetEnvironments.map((env) => (
                <option key={env} value={env}>
                  {env}
                </option>
              ))}
            </Select>
          ),
        })}
        {mode === "create"
          ? field({
              k: "provider",
              children: (
                <Input
                  {...a11y("provider")}
                  value={values.provider}
                  onChange={on("provider")}
                  placeholder="aws"
                />
              ),
            })
          : field({
              k: "region",
              children: (
                <Input
                  {...a11y("region")}
                  value={values.region}
                  onChange={on("region")}
                  placeholder="eu-west-1"
                />
              ),
            })}
      </div>
      <div className="grid grid-cols-3 gap-3">
        {mode === "create"
          ? field({
              k: "region",
              children: (
                <Input
                  {...a11y("region")}
                  value={values.region}
                  onChange={on("region")}
                  placeholder="eu-west-1"
                />
              ),
            })
          : null}
        <div className={mode === "create" ? "col-span-2" : "col-span-3"}>
          {field({
            k: "endpoint",
            children: (
              <Input
                {...a11y("endpoint")}
                type="url"
                value={values.endpoint}
                onChange={on("endpoint")}
                placeholder="https://models.example.com"
              />
            ),
          })}
        </div>
      </div>
      <div className="grid grid-cols-3 gap-3">
        {field({
          k: "cpuCores",
          children: (
            <Input
              {...a11y("cpuCores")}
              type="number"
              min={0}
              step="any"
              inputMode="decimal"
              value={values.cpuCores}
              onChange={on("cpuCores")}
            />
          ),
        })}
        {field({
          k: "memoryMb",
          children: (
            <Input
              {...a11y("memoryMb")}
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              value={values.memoryMb}
              onChange={on("memoryMb")}
            />
          ),
        })}
        {field({
          k: "gpu",
          children: (
            <Input {...a11y("gpu")} value={values.gpu} onChange={on("gpu")} placeholder="none" />
          ),
        })}
      </div>
      <div className="grid grid-cols-3 gap-3">
        {field({
          k: "minReplicas",
          children: (
            <Input
              {...a11y("minReplicas")}
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              value={values.minReplicas}
              onChange={on("minReplicas")}
            />
          ),
        })}
        {field({
          k: "maxReplicas",
          children: (
            <Input
              {...a11y("maxReplicas")}
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              value={values.maxReplicas}
              onChange={on("maxReplicas")}
            />
          ),
        })}
        {field({
          k: "requiredApprovals",
          children: (
            <Input
              {...a11y("requiredApprovals", true)}
              type="number"
              min={0}
              max={10}
              step={1}
              inputMode="numeric"
              value={values.requiredApprovals}
              onChange={on("requiredApprovals")}
              placeholder={
                mode === "create"
                  ? `default ${values.environment === "production" ? 1 : 0}`
                  : undefined
              }
            />
          ),
        })}
      </div>
      <p id={`${id("requiredApprovals")}-hint`} className="-mt-1 text-xs text-muted">
        Required approvals: production needs at least 1; default 1 for production, 0 for staging.
        {policyLocked
          ? " Only admins change the environment, endpoint, approvals and compliance tags."
          : ""}
      </p>
      {field({
        k: "complianceTags",
        hint: "Comma-separated, e.g. soc2, gdpr.",
        children: (
          <Input
            {...a11y("complianceTags", true)}
            value={values.complianceTags}
            onChange={on("complianceTags")}
            placeholder="soc2, gdpr"
          />
        ),
      })}
    </>
  );
}
