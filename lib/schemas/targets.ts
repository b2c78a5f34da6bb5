import { z } from "zod";
import { TargetEnvironment, TargetKind } from "@/lib/generated/prisma/enums";
import { repoUrlProblem } from "@/lib/net/repo-url";
import { id, slug, tag, timestamp } from "./common";

// Deployment targets (stage 3): where a model can run, what it offers and how many people
// must approve before something goes there.

export const targetKind = z.enum(TargetKind).meta({ id: "TargetKind" });
export const targetEnvironment = z.enum(TargetEnvironment).meta({ id: "TargetEnvironment" });

/** The values in order, for the target form's pickers. */
export const targetKinds = targetKind.options;
export const targetEnvironments = targetEnvironment.options;

const hardware = z
  .object({
    cpuCores: z.number().positive("must be positive").max(4096).nullable().optional(),
    memoryMb: z
      .number()
      .int("must be a whole number of MB")
      .positive("must be positive")
      .max(16_777_216)
      .nullable()
      .optional(),
    gpu: z
      .string()
      .trim()
      .max(80)
      .nullable()
      .optional()
      .meta({ description: 'e.g. "1x NVIDIA T4"; null for none.' }),
  })
  .strict();

const scaling = z
  .object({
    minReplicas: z.number().int().min(0).max(10_000),
    maxReplicas: z.number().int().min(1).max(10_000),
  })
  .strict()
  .refine((s) => s.maxReplicas >= s.minReplicas, {
    message: "must be at least minReplicas",
    path: ["maxReplicas"],
  });

const endpointUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .max(500)
  .nullable()
  .optional();

// How an activation reaches the cluster (docs/delivery.md). "record": Modelgate only records
// it. "gitops": each deployment change commits a manifest to the target's deployment
// repository, which Argo CD or Flux applies. Whether local repositories (file://, paths) are
// accepted is the server's MODELGATE_GITOPS_ALLOW_LOCAL, which only the server can read: a
// parameter here, false unless the server passes its setting (as for artifact URIs).

export const deliveryFormats = ["kserve", "kubernetes"] as const;

/** What each manifest format is called in the form and on the target page. */
export const deliveryFormatLabels: Record<(typeof deliveryFormats)[number], string> = {
  kserve: "KServe InferenceService",
  kubernetes: "Deployment + Service",
};
export const DEFAULT_DELIVERY_PATH = "models/{target}/{model}.yaml";

/** Why a path template is refused, or null. Pure, so the form shows the server's reasons. */
export function pathTemplateProblem(template: string): string | null {
  const unknown = /\{(?!(model|target)\})[^}]*\}?/.exec(template);
  if (unknown) return `only {model} and {target} may be filled in, not ${unknown[0]}`;
  if (template.startsWith("/")) return "must be relative to the repository (no leading /)";
  if (!/^[A-Za-z0-9._{}/-]+$/.test(template))
    return "letters, digits, . _ - / and {model} {target} only";
  const segments = template.split("/");
  if (segments.some((s) => s === ".." || s === "." || s === ""))
    return "must not contain empty, . or .. segments";
  if (!/\.ya?ml$/.test(template)) return "must end in .yaml or .yml";
  return null;
}

const gitopsDeliveryOf = (allowLocal: boolean) =>
  z
    .object({
      kind: z.literal("gitops"),
      repoUrl: z
        .string()
        .trim()
        .min(1, "is required")
        .max(500)
        .superRefine((v, ctx) => {
          const problem = repoUrlProblem(v, allowLocal);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .meta({ example: "https://github.com/acme/deploy.git" }),
      branch: z
        .string()
        .trim()
        .min(1, "is required")
        .max(200)
        .regex(
          /^(?!-|\/|.*(\.\.|\/\/|@\{|\.lock$|\/$|\.$))[A-Za-z0-9._\/-]+$/,
          "must be a branch name such as main or deploy/prod",
        )
        .default("main"),
      path: z
        .string()
        .trim()
        .min(1, "is required")
        .max(300)
        .superRefine((v, ctx) => {
          const problem = pathTemplateProblem(v);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .default(DEFAULT_DELIVERY_PATH)
        .meta({ description: "Where the manifest goes; {model} and {target} are the slugs." }),
      format: z.enum(deliveryFormats).default("kserve").meta({
        description:
          "kserve: a KServe InferenceService; kubernetes: a Deployment and a Service running the version's image.",
      }),
      namespace: z
        .string()
        .trim()
        .max(63)
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Kubernetes namespace (DNS-1123 label)")
        .default("default"),
      credentialsEnv: z
        .string()
        .trim()
        .regex(
          /^[A-Z_][A-Z0-9_]{0,63}$/,
          "must be the NAME of an environment variable on the server (A-Z, 0-9, _), never the secret itself",
        )
        .nullable()
        .optional()
        .meta({
          description:
            "Name of the server's environment variable holding the HTTPS token (or, for ssh, the private key's path). Credentials never live in the database.",
        }),
    })
    .strict();

const deliveryOf = (allowLocal: boolean) =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("record") }).strict(),
    gitopsDeliveryOf(allowLocal),
  ]);

/** The delivery settings a target accepts: record only (the default) or a gitops repository. */
export const deliveryInput = deliveryOf(false).meta({ id: "TargetDeliveryInput" });
export type DeliveryInput = z.infer<typeof deliveryInput>;
export type GitopsDelivery = Extract<DeliveryInput, { kind: "gitops" }>;

const targetFieldsOf = (allowLocal: boolean) => ({
  name: z.string().trim().min(1, "is required").max(120),
  description: z.string().max(2000).optional(),
  kind: targetKind,
  provider: z.string().trim().min(1, "is required").max(60),
  region: z.string().trim().max(60).nullable().optional(),
  environment: targetEnvironment,
  endpoint: endpointUrl,
  hardware: hardware.optional(),
  scaling: scaling.optional(),
  complianceTags: z.array(tag).max(20).optional(),
  requiredApprovals: z.number().int().min(0).max(10).optional().meta({
    description:
      "Distinct approvers needed. Production: at least 1 (default 1); staging: default 0.",
  }),
  delivery: (allowLocal ? deliveryOf(true) : deliveryInput).optional().meta({
    description:
      'How activations reach the cluster: `{ "kind": "record" }` (the default) or a gitops repository. Admins only.',
  }),
});

/** Production targets need at least one approver; an explicit 0 there is refused. */
function approvalsFitEnvironment(
  v: { environment?: unknown; requiredApprovals?: unknown },
  ctx: z.RefinementCtx,
) {
  if (v.environment === "production" && v.requiredApprovals === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["requiredApprovals"],
      message: "production targets need at least 1 approval",
    });
  }
}

const targetCreateOf = (allowLocal: boolean) =>
  z
    .object({ slug, ...targetFieldsOf(allowLocal) })
    .strict()
    // `when`: check even if other fields are invalid, so one answer lists every problem.
    .superRefine(approvalsFitEnvironment, {
      when: (p) => typeof p.value === "object" && p.value !== null,
    });

const targetUpdateOf = (allowLocal: boolean) =>
  z
    .object({ ...targetFieldsOf(allowLocal), archived: z.boolean() })
    .partial()
    .strict()
    .refine((v) => Object.keys(v).length > 0, "send at least one field");

/** A new target as forms and the API document see it (no local repositories). */
export const targetCreate = targetCreateOf(false).meta({ id: "TargetCreate" });
export const targetUpdate = targetUpdateOf(false).meta({ id: "TargetUpdate" });

let withLocal: { create: typeof targetCreate; update: typeof targetUpdate } | undefined;

/** The bodies under the server's MODELGATE_GITOPS_ALLOW_LOCAL: what the API parses with. */
export function targetBodiesFor({ allowLocal }: { allowLocal: boolean }) {
  if (!allowLocal) return { create: targetCreate, update: targetUpdate };
  withLocal ??= { create: targetCreateOf(true), update: targetUpdateOf(true) };
  return withLocal;
}

export type TargetCreate = z.infer<typeof targetCreate>;
export type TargetUpdate = z.infer<typeof targetUpdate>;

export const targetListQuery = z
  .object({
    environment: targetEnvironment.optional(),
    kind: targetKind.optional(),
    archived: z.enum(["true", "false"]).optional(),
  })
  .strict();

export const targetDelivery = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("record") }),
    z.object({
      kind: z.literal("gitops"),
      repoUrl: z.string(),
      branch: z.string(),
      path: z.string(),
      format: z.enum(deliveryFormats),
      namespace: z.string(),
      credentialsEnv: z.string().nullable(),
      credentialsPresent: z
        .boolean()
        .meta({ description: "Whether the server has the credentialsEnv variable set." }),
    }),
  ])
  .meta({ id: "TargetDelivery" });

export type TargetDeliveryDto = z.infer<typeof targetDelivery>;

const activeSummary = z.object({
  deploymentId: id,
  model: slug,
  modelName: z.string(),
  version: z.number().int(),
  activatedAt: timestamp.nullable(),
});

export const target = z
  .object({
    id,
    slug,
    name: z.string(),
    description: z.string(),
    kind: targetKind,
    provider: z.string(),
    region: z.string().nullable(),
    environment: targetEnvironment,
    endpoint: z.string().nullable(),
    hardware: z.object({
      cpuCores: z.number().nullable(),
      memoryMb: z.number().nullable(),
      gpu: z.string().nullable(),
    }),
    scaling: z.object({ minReplicas: z.number().int(), maxReplicas: z.number().int() }),
    complianceTags: z.array(z.string()),
    requiredApprovals: z.number().int(),
    delivery: targetDelivery,
    archived: z.boolean(),
    active: z.array(activeSummary).meta({ description: "What runs on the target now." }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Target" });

export type TargetDto = z.input<typeof target>;

export const historyQuery = z
  .object({
    at: timestamp
      .optional()
      .meta({ description: "Answer what was active at this moment instead of listing." }),
    model: slug.optional().meta({ description: "Only this model's deployments." }),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();
