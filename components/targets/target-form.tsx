"use client";

import type { ReactNode } from "react";
import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { get } from "react-hook-form";
import { z } from "zod";
import { Field, Input, Select, Textarea } from "@/components/ui/input";
import { commaList, type FormInputs, numeric, text } from "@/lib/client/form";
import {
  DEFAULT_DELIVERY_PATH,
  deliveryFormatLabels,
  deliveryFormats,
  targetBodiesFor,
  targetCreate,
  targetEnvironments,
  targetKinds,
} from "@/lib/schemas/targets";
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
/** The delivery section's inputs: every field a string, whichever kind is chosen. */
export interface DeliveryFormValues {
  kind: "record" | "gitops";
  repoUrl: string;
  branch: string;
  path: string;
  format: string;
  namespace: string;
  credentialsEnv: string;
}

/** The section as the API's delivery: record only, or the gitops fields (blank means default). */
const deliveryFromInputs = (delivery: z.ZodType) =>
  z.preprocess((v) => {
    const d = v as Partial<DeliveryFormValues> | undefined;
    if (!d?.kind) return undefined;
    if (d.kind !== "gitops") return { kind: "record" };
    const blank = (s: string | undefined) => s?.trim() || undefined;
    return {
      kind: "gitops",
      repoUrl: d.repoUrl?.trim() ?? "",
      branch: blank(d.branch),
      path: blank(d.path),
      format: d.format,
      namespace: blank(d.namespace),
      credentialsEnv: blank(d.credentialsEnv) ?? null,
    };
  }, delivery);

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
export type TargetFormValues = FormInputs<Omit<TargetCreate, "slug" | "delivery">> & {
  slug?: string;
  delivery: DeliveryFormValues;
};

/**
 * The create and edit forms' schemas: the API's bodies under the server's
 * MODELGATE_GITOPS_ALLOW_LOCAL, so a single-host installation that allows local repositories can
 * choose one here too (the browser cannot read the setting; the page passes it).
 */
function formsOf(allowLocal: boolean) {
  const { create, update } = targetBodiesFor({ allowLocal });
  return {
    create: reading(create, {
      ...fromInputs,
      delivery: deliveryFromInputs(create.shape.delivery),
      slug: text(shape.slug, true),
    }) as unknown as z.ZodType<TargetCreate, TargetFormValues>,
    edit: reading(update, {
      ...fromInputs,
      delivery: deliveryFromInputs(update.shape.delivery),
    }) as unknown as z.ZodType<TargetUpdate, TargetFormValues>,
  };
}

const remoteOnly = formsOf(false);
let withLocal: typeof remoteOnly | undefined;

export function targetFormsFor({ allowLocal }: { allowLocal: boolean }) {
  return allowLocal ? (withLocal ??= formsOf(true)) : remoteOnly;
}

export const createTargetForm = remoteOnly.create;
export const editTargetForm = remoteOnly.edit;

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
  "delivery.kind": "Delivery",
  "delivery.repoUrl": "Repository URL",
  "delivery.branch": "Branch",
  "delivery.path": "Path in the repository",
  "delivery.format": "Manifest format",
  "delivery.namespace": "Namespace",
  "delivery.credentialsEnv": "Credentials variable",
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
  delivery: {
    kind: "record",
    repoUrl: "",
    branch: "main",
    path: DEFAULT_DELIVERY_PATH,
    format: "kserve",
    namespace: "default",
    credentialsEnv: "",
  },
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
  delivery:
    t.delivery.kind === "gitops"
      ? {
          kind: "gitops",
          repoUrl: t.delivery.repoUrl,
          branch: t.delivery.branch,
          path: t.delivery.path,
          format: t.delivery.format,
          namespace: t.delivery.namespace,
          credentialsEnv: t.delivery.credentialsEnv ?? "",
        }
      : emptyTargetValues.delivery,
});

/** Fields whose values differ between two versions of a target: what it was, and what it is now. */
export function changedFields(was: TargetDto, now: TargetDto) {
  const a = valuesOf(was);
  const b = valuesOf(now);
  return fieldNames
    .filter((k) => k !== "slug" && get(a, k) !== get(b, k))
    .map((k) => ({ label: fieldLabels[k], was: String(get(a, k)), now: String(get(b, k)) }));
}

const deliveryFields = fieldNames.filter((k) => k.startsWith("delivery."));
const policy = new Set<Name>([
  "environment",
  "endpoint",
  "requiredApprovals",
  "complianceTags",
  ...deliveryFields,
]);
const hinted = new Set<Name>([
  "slug",
  "requiredApprovals",
  "complianceTags",
  "delivery.kind",
  "delivery.path",
  "delivery.credentialsEnv",
]);

/** The fields. In create mode the slug follows the name until it is edited by hand. */
export function TargetFields({
  mode,
  register,
  errors,
  environment,
  deliveryKind,
  onName,
  onSlug,
  policyLocked = false,
}: {
  mode: "create" | "edit";
  register: UseFormRegister<TargetFormValues>;
  errors: FieldErrors<TargetFormValues>;
  /** The environment chosen, for the approvals' default (create only). */
  environment?: string;
  /** The delivery chosen: the gitops fields show only for gitops. */
  deliveryKind?: string;
  onName?: (name: string) => void;
  onSlug?: () => void;
  /** Environment, approvals, compliance tags and endpoint are the approval policy: admins only. */
  policyLocked?: boolean;
}) {
  const p = mode === "create" ? "tc" : "te";
  // The whole path: "delivery.kind" and "kind" are two controls.
  const id = (k: Name) => `${p}-${k.replaceAll(".", "-")}`;
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
      <fieldset className="space-y-3 rounded-md border border-border p-3">
        <legend className="px-1 text-xs font-medium text-fg">Delivery</legend>
        {field(
          "delivery.kind",
          <Select {...control("delivery.kind")}>
            <option value="record">Record only</option>
            <option value="gitops">GitOps: commit manifests to a repository</option>
          </Select>,
          deliveryKind === "gitops"
            ? "Every deployment change commits a manifest that Argo CD or Flux applies."
            : "Modelgate records deployments; something else runs them.",
        )}
        {deliveryKind === "gitops" ? (
          <>
            {field(
              "delivery.repoUrl",
              <Input
                {...control("delivery.repoUrl")}
                className="font-mono"
                spellCheck={false}
                placeholder="https://github.com/acme/deploy.git"
              />,
            )}
            <div className="grid grid-cols-3 gap-3">
              {field(
                "delivery.branch",
                <Input {...control("delivery.branch")} className="font-mono" spellCheck={false} />,
              )}
              {field(
                "delivery.format",
                <Select {...control("delivery.format")}>
                  {deliveryFormats.map((f) => (
                    <option key={f} value={f}>
                      {deliveryFormatLabels[f]}
                    </option>
                  ))}
                </Select>,
              )}
              {field(
                "delivery.namespace",
                <Input
                  {...control("delivery.namespace")}
                  className="font-mono"
                  spellCheck={false}
                />,
              )}
            </div>
            {field(
              "delivery.path",
              <Input {...control("delivery.path")} className="font-mono" spellCheck={false} />,
              "Relative to the repository; {model} and {target} become the slugs.",
            )}
            {field(
              "delivery.credentialsEnv",
              <Input
                {...control("delivery.credentialsEnv")}
                className="font-mono"
                spellCheck={false}
                placeholder="DEPLOY_REPO_TOKEN"
              />,
              "The NAME of the server's environment variable with the HTTPS token (for ssh: the key file's path). Never the secret itself. Blank for none.",
            )}
          </>
        ) : null}
      </fieldset>
    </>
  );
}
