import { z } from "zod";
import { Aggregation, AlertRuleKind, AlertState, Severity } from "@/lib/generated/prisma/enums";
import { finite, id, paginationQuery, slug, timestamp } from "./common";
import { metricName } from "./monitoring";

// Alert rules and alerts (stage 5): conditions on a deployment's metrics, drift or silence,
// and the workflow of what fired.

// The API spells comparators as symbols; the database stores gt/gte/lt/lte (see services/alerts/rules.ts).
export const comparators = [">", ">=", "<", "<="] as const;

export const estimatedMetrics = ["accuracy", "precision", "recall", "f1"] as const;

export const severity = z.enum(Severity).meta({ id: "Severity" });
export const alertState = z.enum(AlertState).meta({ id: "AlertState" });
const ruleKind = z.enum(AlertRuleKind);
const aggregation = z.enum(Aggregation);

const ruleFields = {
  name: z.string().trim().min(1, "is required").max(120),
  scope: z
    .object({ model: slug.optional(), target: slug.optional(), deploymentId: id.optional() })
    .strict()
    .default({})
    .meta({
      description:
        "A model (on every target), a target (every model on it), both (one endpoint: the model on that target), or neither (every endpoint). The rule applies to whatever version runs there, across releases. `deploymentId` stands for that deployment's endpoint.",
    }),
  kind: z.enum(["metric", "drift", "no_data", "estimated_performance", "data_quality"]).meta({
    description:
      "`estimated_performance`: the accuracy (or precision, recall, F1: `metric`) estimated from the confidences before labels arrive, below `threshold` (default: the model's requirement). `data_quality`: the worst feature's share of missing, wrong-type, out-of-range or unseen values in the newest drift check, above `threshold` (default 0.05). `requirement` rules are derived from each model's requirements, and `rollout` and `concept_drift` alerts are raised by the canary analysis and the concept drift detectors, not by rules.",
  }),
  metric: metricName.optional(),
  aggregation: aggregation.default("avg"),
  comparator: z
    .enum(comparators)
    .optional()
    .meta({ description: "Default `<` for estimated_performance, `>` otherwise." }),
  threshold: finite.optional(),
  windowSeconds: z
    .number()
    .int()
    .min(30)
    .max(7 * 86_400)
    .default(300),
  forSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(0)
    .meta({ description: "How long the condition must hold before the alert fires." }),
  severity: severity.default("warning"),
  enabled: z.boolean().default(true),
};

function ruleShape(
  v: { kind?: string; metric?: string; threshold?: number },
  ctx: z.RefinementCtx,
) {
  if ((v.kind === "metric" || v.kind === "no_data") && !v.metric)
    ctx.addIssue({ code: "custom", path: ["metric"], message: `a ${v.kind} rule needs a metric` });
  if (
    v.kind === "estimated_performance" &&
    v.metric !== undefined &&
    !(estimatedMetrics as readonly string[]).includes(v.metric)
  )
    ctx.addIssue({
      code: "custom",
      path: ["metric"],
      message: `must be one of ${estimatedMetrics.join(", ")}`,
    });
  if (
    v.kind === "data_quality" &&
    v.threshold !== undefined &&
    !(v.threshold >= 0 && v.threshold <= 1)
  )
    ctx.addIssue({ code: "custom", path: ["threshold"], message: "a share, 0 to 1" });
  if (v.kind === "metric" && v.threshold === undefined)
    ctx.addIssue({
      code: "custom",
      path: ["threshold"],
      message: "a metric rule needs a threshold",
    });
}

const always = { when: (p: { value: unknown }) => typeof p.value === "object" && p.value !== null };

export const ruleCreate = z
  .object(ruleFields)
  .strict()
  .superRefine(ruleShape, always)
  .meta({ id: "AlertRuleCreate" });
export type RuleCreate = z.infer<typeof ruleCreate>;

export const ruleUpdate = z
  .object({
    name: ruleFields.name,
    aggregation,
    comparator: z.enum(comparators),
    threshold: finite,
    windowSeconds: ruleFields.windowSeconds.unwrap(),
    forSeconds: ruleFields.forSeconds.unwrap(),
    severity,
    enabled: z.boolean(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field")
  .meta({ id: "AlertRuleUpdate" });
export type RuleUpdate = z.infer<typeof ruleUpdate>;

export const rule = z
  .object({
    id,
    name: z.string(),
    scope: z.object({
      model: z.string().nullable(),
      target: z.string().nullable(),
      deploymentId: z.string().nullable(),
    }),
    kind: ruleKind,
    metric: z.string().nullable(),
    aggregation,
    comparator: z.enum(comparators),
    threshold: z.number().nullable(),
    windowSeconds: z.number().int(),
    forSeconds: z.number().int(),
    severity,
    enabled: z.boolean(),
    derived: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "AlertRule" });

export const ruleListQuery = z
  .object({
    model: slug.optional(),
    target: slug.optional(),
    deploymentId: id.optional(),
    kind: ruleKind.optional(),
  })
  .strict();

export const alertListQuery = paginationQuery
  .extend({
    state: z
      .enum([...alertState.options, "open", "all"])
      .optional()
      .meta({ description: "`open` is every state but resolved; `all` any state." }),
    severity: severity.optional(),
    model: slug.optional(),
    target: slug.optional().meta({ description: "With `model`: one endpoint's alerts." }),
    deploymentId: id.optional(),
  })
  .strict();

export const alertAction = z
  .object({
    comment: z.string().trim().max(2000).optional(),
    until: timestamp.optional().meta({ description: "For silence: until when (required)." }),
  })
  .strict()
  .meta({ id: "AlertAction" });

export const alert = z
  .object({
    id,
    ruleId: id.nullable().meta({
      description:
        "Null once the rule was deleted; `rule` then shows it as it was when the alert opened.",
    }),
    ruleDeleted: z.boolean().meta({
      description:
        "True once the alert's rule was deleted; false for `rollout` and `concept_drift` alerts, which no rule raises.",
    }),
    rolloutId: id.nullable().meta({
      description: "The canary rollout whose failed analysis raised a `rollout` alert; else null.",
    }),
    rule: z.object({
      name: z.string(),
      kind: ruleKind,
      metric: z.string().nullable(),
      comparator: z.enum(comparators),
      threshold: z.number().nullable(),
      aggregation,
      windowSeconds: z.number().int(),
    }),
    deploymentId: id,
    model: z.string(),
    modelName: z.string(),
    version: z.number().int(),
    target: z.string(),
    state: alertState,
    severity,
    value: z.number().nullable(),
    startedAt: timestamp,
    firedAt: timestamp.nullable(),
    acknowledgedBy: z.object({ id, name: z.string() }).nullable(),
    acknowledgedAt: timestamp.nullable(),
    resolvedAt: timestamp.nullable(),
    silencedUntil: timestamp.nullable(),
    comment: z.string().nullable(),
  })
  .meta({ id: "Alert" });

export type RuleDto = z.input<typeof rule>;
export type AlertDto = z.input<typeof alert>;
