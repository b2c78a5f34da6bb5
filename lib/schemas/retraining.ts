import { z } from "zod";
import { RetrainingState } from "@/lib/generated/prisma/enums";
import { id, timestamp } from "./common";

// The retraining loop: a model's policy says which monitoring signals ask for a new version;
// a request carries the evidence and is closed by the version registered for it.

export const retrainingSignals = [
  "dataset_drift",
  "concept_drift",
  "estimated_performance",
  "realized_performance",
  "data_quality",
] as const;
export type RetrainingSignal = (typeof retrainingSignals)[number];

export const signalLabels: Record<RetrainingSignal, string> = {
  dataset_drift: "dataset drift",
  concept_drift: "concept drift",
  estimated_performance: "estimated performance below the requirement",
  realized_performance: "accuracy below the requirement",
  data_quality: "a data quality problem",
};

export const retrainingPolicy = z
  .object({
    enabled: z.boolean().default(true),
    signals: z
      .array(z.enum(retrainingSignals))
      .max(retrainingSignals.length)
      .refine((s) => new Set(s).size === s.length, "list each signal once")
      .default([...retrainingSignals])
      .meta({ description: "Which signals open a retraining request." }),
    cooldownHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 90)
      .default(24)
      .meta({ description: "No new request within this many hours of the previous one." }),
  })
  .strict()
  .meta({ id: "RetrainingPolicy" });
export type RetrainingPolicy = z.infer<typeof retrainingPolicy>;

export const retrainingPolicyResponse = z
  .object({
    policy: retrainingPolicy.nullable().meta({ description: "Null: no retraining requests." }),
  })
  .meta({ id: "RetrainingPolicyResponse" });

const evidenceItem = z
  .object({
    signal: z.enum(retrainingSignals),
    at: timestamp,
    deploymentId: z.string().nullable(),
    target: z.string().nullable().meta({ description: "The target's name." }),
    version: z.number().int().nullable(),
    summary: z.string(),
    figures: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
    features: z.array(z.string()),
  })
  .meta({ id: "RetrainingEvidence" });
export type RetrainingEvidence = z.infer<typeof evidenceItem>;

export const retrainingRequest = z
  .object({
    id,
    model: z.string(),
    state: z.enum(RetrainingState),
    signal: z.enum(retrainingSignals),
    deploymentId: z.string().nullable(),
    evidence: z.array(evidenceItem).meta({
      description:
        "The signal that opened the request first, then any that came while it was open.",
    }),
    version: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The version registered for it (closed requests)." }),
    reason: z.string().nullable(),
    closedAt: timestamp.nullable(),
    createdAt: timestamp,
    summary: z.string().meta({ description: "One sentence: why, when, where, and how it ended." }),
  })
  .meta({ id: "RetrainingRequest" });
export type RetrainingRequestDto = z.infer<typeof retrainingRequest>;

export const retrainingList = z
  .object({ items: z.array(retrainingRequest) })
  .meta({ id: "RetrainingRequestList" });

export const retrainingListQuery = z
  .object({
    state: z.enum(RetrainingState).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(200)
      .default(50)
      .meta({ description: "Newest first." }),
  })
  .strict();

export const retrainingDismiss = z
  .object({ reason: z.string().trim().min(1, "say why").max(500) })
  .strict()
  .meta({ id: "RetrainingDismiss" });
