import { z } from "zod";
import { CommitState } from "@/lib/generated/prisma/enums";
import { id, paginationQuery, slug, timestamp } from "./common";

// Deliveries: the manifest commits a gitops target's deployment changes make
// (docs/delivery.md). Each is written with the change it delivers and committed by a job.

export const deliveryState = z.enum(CommitState).meta({ id: "DeliveryState" });

export const deliveryReasons = [
  "activate",
  "canary_step",
  "promote",
  "rollback",
  "restore",
] as const;
export type DeliveryReason = (typeof deliveryReasons)[number];

/** What a deployment shows of its latest delivery. */
export const deliverySummary = z
  .object({
    id,
    state: deliveryState,
    commit: z.string().nullable(),
    path: z.string(),
    error: z.string().nullable(),
    attempts: z.number().int(),
    nextAttemptAt: timestamp.nullable().meta({ description: "When a pending one is tried next." }),
    committedAt: timestamp.nullable(),
    reason: z.enum(deliveryReasons),
  })
  .meta({ id: "DeliverySummary" });

export type DeliverySummaryDto = z.input<typeof deliverySummary>;

export const delivery = deliverySummary
  .extend({
    deploymentId: id,
    model: slug,
    version: z.number().int(),
    target: slug,
    trafficPercent: z.number().int().nullable(),
    repoUrl: z.string(),
    branch: z.string(),
    message: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: "Delivery" });

export type DeliveryDto = z.input<typeof delivery>;

export const deliveryListQuery = paginationQuery.strict();
