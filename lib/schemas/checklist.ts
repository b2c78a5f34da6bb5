import { z } from "zod";
import { ChecklistStage } from "@/lib/generated/prisma/enums";
import { id, timestamp } from "./common";

export const checklistStage = z.enum(ChecklistStage).meta({ id: "ChecklistStage" });

export const checklistItemUpdate = z
  .object({
    checked: z.boolean().optional(),
    note: z.string().trim().max(2000).nullable().optional(),
    evidenceUrl: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .max(2048)
      .nullable()
      .optional(),
    assigneeId: id.nullable().optional(),
    waived: z.boolean().optional(),
    waiverReason: z
      .string()
      .trim()
      .min(
        20,
        "say why in a sentence (at least 20 characters): who decided, and what covers the risk instead",
      )
      .max(2000)
      .nullable()
      .optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field")
  .superRefine((v, ctx) => {
    if (v.waived === true && !v.waiverReason)
      ctx.addIssue({
        code: "custom",
        path: ["waiverReason"],
        message: "a waiver needs a written reason",
      });
  })
  .meta({ id: "ChecklistItemUpdate" });

const person = z.object({ id, name: z.string() }).nullable();

export const checklistItem = z
  .object({
    id,
    key: z.string(),
    stage: checklistStage,
    title: z.string(),
    description: z.string(),
    required: z.boolean(),
    checked: z.boolean(),
    checkedBy: person,
    checkedAt: timestamp.nullable(),
    note: z.string().nullable(),
    evidenceUrl: z.string().nullable(),
    assigneeId: z.string().nullable(),
    assignee: person,
    evidenceRule: z.string().nullable(),
    evidence: z.object({ satisfied: z.boolean(), reason: z.string() }).nullable(),
    waived: z.boolean(),
    waiverReason: z.string().nullable(),
    waivedBy: person,
    done: z.boolean().meta({ description: "Checked, satisfied by evidence, or waived." }),
    updatedAt: timestamp.meta({ description: "Also the item's ETag: send it back as If-Match." }),
  })
  .meta({ id: "ChecklistItem" });

export const checklist = z
  .object({
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    stages: z.array(
      z.object({
        stage: checklistStage,
        title: z.string(),
        done: z.number().int(),
        total: z.number().int(),
        items: z.array(checklistItem),
      }),
    ),
  })
  .meta({ id: "Checklist" });

export type ChecklistItemDto = z.input<typeof checklistItem>;
export type ChecklistDto = z.input<typeof checklist>;

export const checklistStatusQuery = z
  .object({
    stages: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(",").map((x) => x.trim()) : [...checklistStage.options]))
      .pipe(z.array(checklistStage).min(1)),
  })
  .strict();

export const checklistStatus = z
  .object({
    complete: z.boolean(),
    stages: z.array(
      z.object({
        stage: checklistStage,
        requiredDone: z.number().int(),
        requiredTotal: z.number().int(),
        missing: z.array(
          z.object({ id, key: z.string(), title: z.string(), reason: z.string().nullable() }),
        ),
      }),
    ),
  })
  .meta({ id: "ChecklistStatus" });

export const itemParams = z.object({
  slug: z.string().min(1).max(64),
  n: z.coerce.number().int().positive().max(1_000_000),
  itemId: id,
});

export type ChecklistItemUpdate = z.infer<typeof checklistItemUpdate>;

const evidenceRuleName = z
  .string()
  .regex(/^[a-z_]+\.[a-z_]+$/, "an evidence rule name such as version.model_card_present")
  .max(80);

export const templateCreate = z
  .object({
    stage: checklistStage,
    title: z.string().trim().min(3, "at least 3 characters").max(200),
    description: z.string().trim().max(2000).optional(),
    required: z.boolean().optional(),
    evidenceRule: evidenceRuleName.nullable().optional(),
  })
  .strict()
  .meta({ id: "ChecklistTemplateCreate" });

export const templateUpdate = z
  .object({
    title: z.string().trim().min(3).max(200).optional(),
    description: z.string().trim().max(2000).optional(),
    required: z.boolean().optional(),
    evidenceRule: evidenceRuleName.nullable().optional(),
    position: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: "1-based place within its stage; the others shift." }),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field")
  .meta({ id: "ChecklistTemplateUpdate" });

export const template = z
  .object({
    id,
    stage: checklistStage,
    key: z.string(),
    title: z.string(),
    description: z.string(),
    required: z.boolean(),
    position: z.number().int(),
    evidenceRule: z.string().nullable(),
    updatedAt: timestamp,
  })
  .meta({ id: "ChecklistTemplate" });

export type TemplateDto = z.input<typeof template>;
export type TemplateCreate = z.infer<typeof templateCreate>;
export type TemplateUpdate = z.infer<typeof templateUpdate>;
