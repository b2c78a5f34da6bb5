import { z } from "zod";
import {
  ApprovalDecision,
  DeploymentStatus,
  PromotionStatus,
  TargetEnvironment,
} from "@/lib/generated/prisma/enums";
import { id, paginationQuery, slug, timestamp } from "./common";
import { rolloutAnalysis, rolloutPlan } from "./rollouts";
import { deliverySummary } from "./deliveries";

// Promotions, approvals and deployments: the path from a version to a running target.

export const promotionStatus = z.enum(PromotionStatus).meta({ id: "PromotionStatus" });
export const deploymentStatus = z.enum(DeploymentStatus).meta({ id: "DeploymentStatus" });

export const gate = z
  .object({
    name: z.string().meta({ example: "checklist" }),
    title: z.string(),
    passed: z.boolean(),
    blocking: z.boolean(),
    detail: z.string(),
    reasons: z
      .array(z.string())
      .meta({ description: "Each thing that fails the gate; empty when it passes." }),
    waivers: z
      .array(
        z.object({
          item: z.string(),
          by: z.string().nullable(),
          reason: z.string(),
          at: timestamp.nullable(),
        }),
      )
      .optional()
      .meta({
        description:
          "Required checklist items counted as done because they were waived: who, why and when.",
      }),
  })
  .meta({ id: "Gate" });

export type Gate = z.infer<typeof gate>;

export const promotionCreate = z
  .object({
    target: slug.meta({ description: "The target's slug." }),
    reason: z.string().trim().min(1, "say why this version should ship").max(2000),
    rollout: rolloutPlan.optional(),
  })
  .strict()
  .meta({ id: "PromotionCreate" });

export const gatePreviewQuery = z.object({ target: slug }).strict();

export const decision = z
  .object({ comment: z.string().trim().max(2000).optional() })
  .strict()
  .meta({ id: "PromotionDecision" });

const snapshotHashField = z
  .string()
  .regex(
    /^[0-9a-f]{64}$/,
    "must be the request's snapshotHash (64 hex characters) as you were shown it",
  )
  .meta({
    description:
      "The `snapshotHash` of the request as the voter was shown it. A different current snapshot answers 409 with what changed.",
  });

export const vote = z
  .object({ comment: z.string().trim().max(2000).optional(), snapshotHash: snapshotHashField })
  .strict()
  .meta({ id: "PromotionVote" });

/** The shortest reason an emergency rollback (one that overrides failed gates) accepts. */
export const EMERGENCY_REASON_MIN = 20;

export const rollbackBody = z
  .object({
    reason: z.string().trim().min(1, "say why you roll back").max(2000),
    emergency: z
      .boolean()
      .optional()
      .meta({
        description: `Admins only: roll back even though the restored version fails blocking gates. Needs a reason of at least ${EMERGENCY_REASON_MIN} characters; the deployment is marked \`emergency\` until a normal promotion replaces it.`,
      }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.emergency && v.reason.length < EMERGENCY_REASON_MIN) {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: `an emergency rollback needs a reason of at least ${EMERGENCY_REASON_MIN} characters`,
      });
    }
  })
  .meta({ id: "Rollback" });

export const promotionListQuery = paginationQuery
  .extend({
    status: promotionStatus.optional(),
    model: slug.optional(),
    target: slug.optional(),
    mine: z
      .enum(["true", "false"])
      .optional()
      .meta({ description: "Only requests the caller made." }),
  })
  .strict();

export const deploymentListQuery = paginationQuery
  .extend({ model: slug.optional(), target: slug.optional(), status: deploymentStatus.optional() })
  .strict();

const userRef = z.object({ id, name: z.string(), email: z.string() });

export const approval = z.object({
  user: userRef,
  decision: z.enum(ApprovalDecision),
  comment: z.string().nullable(),
  at: timestamp,
  valid: z.boolean(),
});

export const promotion = z
  .object({
    id,
    model: slug,
    modelName: z.string(),
    version: z.number().int(),
    target: slug,
    targetName: z.string(),
    environment: z.enum(TargetEnvironment),
    status: promotionStatus,
    reason: z.string(),
    requestedBy: userRef,
    requiredApprovals: z.number().int(),
    validApprovals: z.number().int(),
    gates: z.array(gate),
    approvals: z.array(approval),
    snapshotHash: z
      .string()
      .meta({ description: "What the request covers now; votes must name it." }),
    originalSnapshotHash: z.string().meta({ description: "What was requested, never rewritten." }),
    repins: z
      .array(
        z.object({
          at: timestamp,
          by: z.string(),
          fromHash: z.string(),
          toHash: z.string(),
          changes: z.array(z.string()),
          diff: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
        }),
      )
      .meta({
        description: "Every change to what the request covers since it was made, oldest first.",
      }),
    invalidatedReason: z.string().nullable(),
    rollout: z
      .object({
        strategy: z.enum(["all_at_once", "canary"]),
        steps: z.array(z.object({ percent: z.number().int(), seconds: z.number().int() })),
        analysis: rolloutAnalysis.optional(),
      })
      .meta({ description: "How the approved version goes live (asked for with the request)." }),
    rolloutId: id.nullable().meta({ description: "The canary rollout, once approved." }),
    deploymentId: id.nullable(),
    expiresAt: timestamp,
    decidedAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Promotion" });

export const deployment = z
  .object({
    id,
    model: slug,
    modelName: z.string(),
    version: z.number().int(),
    target: slug,
    targetName: z.string(),
    environment: z
      .enum(TargetEnvironment)
      .meta({ description: "The target's environment when this deployment was made (frozen)." }),
    requiredApprovals: z
      .number()
      .int()
      .meta({ description: "Approvals the activation was decided under (frozen)." }),
    status: deploymentStatus,
    trafficPercent: z.number().int(),
    canary: z.boolean().meta({
      description:
        "A canary runs beside the stable deployment of its endpoint with `trafficPercent` of the traffic, until its rollout completes or rolls back.",
    }),
    rolloutId: id.nullable().meta({ description: "The rollout this deployment is the canary of." }),
    activatedAt: timestamp.nullable(),
    endedAt: timestamp.nullable(),
    endReason: z.string().nullable(),
    rollbackReason: z.string().nullable(),
    emergency: z.boolean().meta({
      description:
        "An admin's emergency rollback that overrode failed gates: running, but not approved under the policy. Cleared by the next normal promotion, which replaces this deployment.",
    }),
    emergencyGates: z.array(gate).nullable().meta({
      description: "For an emergency rollback: the blocking gates that failed when it was made.",
    }),
    promotionId: id.nullable(),
    previousId: id.nullable(),
    deployedBy: userRef.nullable(),
    delivery: deliverySummary.nullable().meta({
      description:
        "The latest manifest commit of this deployment to its target's gitops repository; null when the target only records deployments.",
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Deployment" });

export type PromotionDto = z.input<typeof promotion>;
export type DeploymentDto = z.input<typeof deployment>;

export const historyAt = z
  .object({
    at: timestamp,
    deployment: deployment.nullable().meta({
      description: "What was active then (the newest activation when several models ran).",
    }),
    deployments: z
      .array(deployment)
      .meta({ description: "Everything active on the target at that moment." }),
  })
  .meta({ id: "TargetHistoryAt" });

export const gatePreview = z
  .object({ target: slug, passed: z.boolean(), gates: z.array(gate) })
  .meta({ id: "GatePreview" });

export const fitRow = z.object({
  target: slug,
  name: z.string(),
  environment: z.enum(TargetEnvironment),
  requiredApprovals: z.number().int(),
  fits: z.boolean(),
  reasons: z.array(z.string()),
  active: z.boolean().meta({ description: "This version already runs there." }),
  runningVersion: z.number().int().nullable().meta({
    description:
      "The version of the model running there now (the stable one), which a canary is compared with.",
  }),
  pendingPromotionId: id
    .nullable()
    .meta({ description: "A request for this version and target waiting for approval." }),
});

export const fitList = z.object({ items: z.array(fitRow) }).meta({ id: "TargetFitList" });

const changeRow = z.object({
  name: z.string().meta({ example: "accuracy" }),
  label: z.string(),
  kind: z.enum(["metric", "size", "latency", "artifact", "image", "format"]),
  current: z.union([z.number(), z.string()]).nullable(),
  proposed: z.union([z.number(), z.string()]).nullable(),
  changed: z.boolean(),
});

export const promotionChanges = z
  .object({
    promotionId: id,
    target: slug,
    replaces: z
      .object({ version: z.number().int(), deploymentId: id })
      .nullable()
      .meta({ description: "The stable version running on the target now; null when none." }),
    fields: z.array(changeRow).meta({
      description:
        "Eval metrics, size, latency (from the optimization record), artifact, image and format: running now against this request.",
    }),
    manifest: z
      .object({
        path: z.string(),
        lines: z.array(
          z.object({ op: z.enum([" ", "+", "-"]), text: z.string() }).meta({ id: "DiffLine" }),
        ),
        error: z.string().nullable(),
      })
      .nullable()
      .meta({
        description:
          "For a target that delivers through Git: the manifest commit this approval would make, as a line diff against the last manifest Modelgate committed to that path.",
      }),
  })
  .meta({ id: "PromotionChanges" });

export type PromotionChangesDto = z.input<typeof promotionChanges>;
