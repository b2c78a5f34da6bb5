import { z } from "zod";
import { TargetEnvironment, TargetKind } from "@/lib/generated/prisma/enums";
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

const targetFields = {
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
};

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

export const targetCreate = z
  .object({ slug, ...targetFields })
  .strict()
  // `when`: check even if other fields are invalid, so one answer lists every problem.
  .superRefine(approvalsFitEnvironment, {
    when: (p) => typeof p.value === "object" && p.value !== null,
  })
  .meta({ id: "TargetCreate" });

export const targetUpdate = z
  .object({ ...targetFields, archived: z.boolean() })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field")
  .meta({ id: "TargetUpdate" });

export type TargetCreate = z.infer<typeof targetCreate>;
export type TargetUpdate = z.infer<typeof targetUpdate>;

export const targetListQuery = z
  .object({
    environment: targetEnvironment.optional(),
    kind: targetKind.optional(),
    archived: z.enum(["true", "false"]).optional(),
  })
  .strict();

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
