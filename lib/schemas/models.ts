import { z } from "zod";
import {
  DataSensitivity,
  IntegrationStyle,
  RiskLevel,
  TaskType,
  TargetEnvironment,
  VersionStage,
} from "@/lib/generated/prisma/enums";
import { finite, id, slug, tag, timestamp } from "./common";
import { targetEnvironment } from "./targets";

// The enums' values are the database's (prisma/schema.prisma), declared there only.
export const riskLevel = z.enum(RiskLevel).meta({ id: "RiskLevel" });
export const taskType = z.enum(TaskType).meta({ id: "TaskType" });
export const versionStage = z.enum(VersionStage).meta({ id: "VersionStage" });
const dataSensitivity = z.enum(DataSensitivity);
const integrationStyle = z.enum(IntegrationStyle);

/** The values in order, for pickers and filters. */
export const riskLevels = riskLevel.options;
export const taskTypes = taskType.options;
export const dataSensitivities = dataSensitivity.options;
export const integrationStyles = integrationStyle.options;

export const modelCreate = z
  .object({
    slug,
    name: z.string().trim().min(1, "is required").max(120),
    description: z.string().max(5000).optional(),
    taskType: taskType.optional(),
    framework: z.string().trim().max(60).optional(),
    tags: z.array(tag).max(20).optional(),
    riskLevel: riskLevel.optional(),
    ownerId: id.optional().meta({ description: "Defaults to the caller." }),
  })
  .strict()
  .meta({ id: "ModelCreate" });

export const modelUpdate = modelCreate
  .omit({ slug: true })
  .partial()
  .extend({ archived: z.boolean().optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field")
  .meta({ id: "ModelUpdate" });

export const modelSorts = ["name", "-name", "updated", "-updated", "created", "-created"] as const;

export const modelListQuery = z
  .object({
    q: z.string().max(200).optional(),
    stage: versionStage.optional().meta({ description: "Stage of the newest version." }),
    runningIn: targetEnvironment.optional().meta({
      description:
        "Only models with an active deployment in this environment, whatever their newest version's stage.",
    }),
    tag: tag.optional(),
    owner: z.string().max(254).optional().meta({ description: "Owner's user id or email." }),
    risk: riskLevel.optional(),
    framework: z.string().max(60).optional(),
    task: taskType.optional(),
    archived: z.enum(["true", "false"]).optional(),
    sort: z.enum(modelSorts).default("-updated"),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(512).optional(),
  })
  .strict();

export const requirements = z
  .object({
    latencyP95Ms: finite.positive().nullable(),
    throughputRps: finite.positive().nullable(),
    memoryMb: z.number().int().positive().nullable(),
    gpuRequired: z.boolean(),
    maxErrorRate: finite.min(0).max(1).nullable(),
    minMetricName: z.string().nullable(),
    minMetricValue: finite.nullable(),
    dataSensitivity,
    complianceTags: z.array(z.string()),
    integrationStyle: integrationStyle.nullable(),
    inputValidation: z.string().nullable(),
    notes: z.string(),
  })
  .meta({ id: "Requirements" });

export const model = z
  .object({
    id,
    slug,
    name: z.string(),
    description: z.string(),
    owner: z.object({ id, email: z.string(), name: z.string() }).nullable(),
    taskType,
    framework: z.string().nullable(),
    tags: z.array(z.string()),
    riskLevel,
    archived: z.boolean(),
    requirements: requirements.nullable(),
    latestVersion: z.object({ version: z.number().int(), stage: versionStage }).nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Model" });

export const deploymentSummary = z
  .object({
    id,
    target: z.object({ slug, name: z.string(), environment: z.enum(TargetEnvironment) }),
    version: z.number().int(),
    activatedAt: timestamp.nullable(),
  })
  .meta({ id: "DeploymentSummary" });

/** A row of the inventory: the model plus what a list needs at a glance. */
export const modelListItem = model
  .extend({
    deployments: z.array(deploymentSummary),
    checklist: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
    openAlerts: z.number().int(),
  })
  .meta({ id: "ModelListItem" });

export const modelDetail = model
  .extend({
    deployments: z.array(deploymentSummary),
    versions: z.array(
      z.object({
        version: z.number().int(),
        stage: versionStage,
        evalMetrics: z.record(z.string(), z.number()),
        sizeBytes: z.number().nullable(),
        createdAt: timestamp,
      }),
    ),
  })
  .meta({ id: "ModelDetail" });

// What the API sends, as the services build it (the input side of the response schemas).
export type RequirementsDto = z.input<typeof requirements>;
export type ModelDto = z.input<typeof model>;
export type DeploymentSummaryDto = z.input<typeof deploymentSummary>;
export type ModelListItemDto = z.input<typeof modelListItem>;
export type ModelDetailDto = z.input<typeof modelDetail>;

export type ModelCreate = z.infer<typeof modelCreate>;
export type ModelUpdate = z.infer<typeof modelUpdate>;
export type ModelListQuery = z.infer<typeof modelListQuery>;

export const requirementsInput = z
  .object({
    latencyP95Ms: finite.positive().max(3_600_000).nullable().optional(),
    throughputRps: finite.positive().max(10_000_000).nullable().optional(),
    memoryMb: z.number().int().positive().max(10_000_000).nullable().optional(),
    gpuRequired: z.boolean().optional(),
    maxErrorRate: finite.min(0).max(1).nullable().optional(),
    minMetricName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_.@-]*$/, "letters, digits, _ . @ - and starting with a letter")
      .max(64)
      .nullable()
      .optional(),
    minMetricValue: finite.nullable().optional(),
    dataSensitivity: dataSensitivity.optional(),
    complianceTags: z.array(tag).max(20).optional(),
    integrationStyle: integrationStyle.nullable().optional(),
    inputValidation: z.string().max(2000).nullable().optional(),
    notes: z.string().max(5000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const hasName = v.minMetricName != null;
    const hasValue = v.minMetricValue != null;
    if (hasName !== hasValue) {
      ctx.addIssue({
        code: "custom",
        path: [hasName ? "minMetricValue" : "minMetricName"],
        message: "set the metric name and its minimum together",
      });
    }
  })
  .meta({ id: "RequirementsInput" });

export type RequirementsInput = z.infer<typeof requirementsInput>;
