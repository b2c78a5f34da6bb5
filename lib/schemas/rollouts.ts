import { z } from "zod";
import { RolloutState } from "@/lib/generated/prisma/enums";
import { id, paginationQuery, slug, timestamp } from "./common";

// Canary rollouts: what a promotion request may ask for, and what a running rollout shows.

/** The longest a single step may run: a day. */
export const STEP_SECONDS_MAX = 86_400;
export const STEPS_MAX = 10;

const step = z
  .object({
    percent: z
      .number()
      .int("must be a whole percent")
      .min(1, "must be at least 1")
      .max(99, "must be below 100 (the last step ends at 100 % by itself)"),
    minutes: z.number().positive("must be positive").max(1440, "must be at most 1440").optional(),
    seconds: z
      .number()
      .int("must be whole seconds")
      .min(1, "must be at least 1")
      .max(STEP_SECONDS_MAX, `must be at most ${STEP_SECONDS_MAX}`)
      .optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.minutes === undefined) === (s.seconds === undefined))
      ctx.addIssue({ code: "custom", message: "give the step's length as minutes or seconds" });
  })
  .transform((s) => ({
    percent: s.percent,
    seconds: s.seconds ?? Math.round((s.minutes ?? 0) * 60),
  }))
  .meta({
    description:
      "A step: the canary's share of traffic and how long it runs before the analysis. `minutes` (or `seconds`, for tests and short soaks).",
  });

export const analysisSettings = z
  .object({
    alpha: z.number().gt(0).max(0.5).default(0.05),
    latencyMargin: z.number().min(0).max(10).default(0.2).meta({
      description: "How much slower (p95) the canary may be before it fails: 0.2 = 20 %.",
    }),
    minSamples: z.number().int().min(5).max(100_000).default(50),
    onInconclusive: z.enum(["rollback", "promote"]).default("rollback").meta({
      description:
        "What a step does when it is still inconclusive after waiting its own length again.",
    }),
  })
  .strict();

export const rolloutPlan = z
  .discriminatedUnion("strategy", [
    z.object({ strategy: z.literal("all_at_once") }).strict(),
    z
      .object({
        strategy: z.literal("canary"),
        steps: z.array(step).min(1, "a canary needs at least one step").max(STEPS_MAX),
        analysis: analysisSettings.prefault({}),
      })
      .strict()
      .superRefine((plan, ctx) => {
        plan.steps.forEach((s, i) => {
          if (i > 0 && s.percent <= plan.steps[i - 1].percent)
            ctx.addIssue({
              code: "custom",
              path: ["steps", i, "percent"],
              message: "each step must give the canary more traffic than the one before",
            });
        });
      }),
  ])
  .meta({
    id: "RolloutPlan",
    description:
      "How an approved promotion goes live: `all_at_once` (the default) or `canary` steps, each analysed against the stable version before the next.",
    example: {
      strategy: "canary",
      steps: [
        { percent: 10, minutes: 30 },
        { percent: 50, minutes: 30 },
      ],
    },
  });

export type RolloutPlan = z.output<typeof rolloutPlan>;
export type CanaryPlan = Extract<RolloutPlan, { strategy: "canary" }>;

/** The analysis settings as stored and shown (defaults filled in). */
export const rolloutAnalysis = z.object({
  alpha: z.number(),
  latencyMargin: z.number(),
  minSamples: z.number().int(),
  onInconclusive: z.enum(["rollback", "promote"]),
});

const armFigures = z.object({
  n: z.number().int(),
  median: z.number().optional(),
  p95: z.number().optional(),
  rate: z.number().optional(),
});

export const rolloutCheck = z.object({
  name: z.enum(["latency", "error_rate", "accuracy"]),
  outcome: z.enum(["pass", "fail", "inconclusive", "skipped"]),
  reason: z.string(),
  stable: armFigures,
  canary: armFigures,
  pValue: z.number().nullable(),
  statistic: z.number().nullable(),
});

export const rolloutVerdict = z
  .object({
    step: z.number().int().meta({ description: "0-based index of the step analysed." }),
    percent: z.number().int(),
    from: timestamp,
    to: timestamp,
    at: timestamp,
    outcome: z.enum(["pass", "fail", "inconclusive"]),
    action: z.string().meta({ description: "What the rollout did with the verdict." }),
    checks: z.array(rolloutCheck),
  })
  .meta({ id: "RolloutVerdict" });

export type RolloutVerdictDto = z.input<typeof rolloutVerdict>;

export const rolloutState = z.enum(RolloutState).meta({ id: "RolloutState" });

export const rollout = z
  .object({
    id,
    promotionId: id,
    model: slug,
    version: z.number().int(),
    stableVersion: z.number().int(),
    target: slug,
    canaryId: id.meta({ description: "The canary deployment." }),
    stableId: id.meta({ description: "The stable deployment it is compared with." }),
    state: rolloutState,
    steps: z.array(z.object({ percent: z.number().int(), seconds: z.number().int() })),
    analysis: rolloutAnalysis,
    stepIndex: z.number().int(),
    trafficPercent: z.number().int().meta({ description: "The canary's share of traffic now." }),
    stepStartedAt: timestamp,
    stepEndsAt: timestamp.nullable().meta({ description: "Null while paused." }),
    extended: z.boolean(),
    verdicts: z.array(rolloutVerdict),
    endedAt: timestamp.nullable(),
    endReason: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Rollout" });

export type RolloutDto = z.input<typeof rollout>;

export const rolloutListQuery = paginationQuery
  .extend({
    model: slug.optional(),
    target: slug.optional(),
    deployment: id.optional(),
    state: rolloutState.optional(),
  })
  .strict();

export const rolloutAction = z.enum(["pause", "resume", "abort", "promote"]);
export type RolloutAction = z.infer<typeof rolloutAction>;

export const rolloutActionBody = z
  .object({ comment: z.string().trim().max(2000).optional() })
  .strict()
  .meta({ id: "RolloutActionBody" });
