import { z } from "zod";
import { timestamp } from "./common";

export const auditQuery = z
  .object({
    entity: z
      .string()
      .max(120)
      .regex(/^[a-z_]+(:[A-Za-z0-9_-]+)?$/, "use `type` or `type:id`, e.g. model:cm4…")
      .optional(),
    actor: z.string().max(254).optional().meta({ description: "User id or email." }),
    action: z
      .string()
      .max(80)
      .optional()
      .meta({ description: "Action, or its prefix such as `model.`." }),
    from: timestamp.optional(),
    to: timestamp.optional(),
    format: z.enum(["json", "csv"]).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,19}$/, "not a cursor from this list")
      .optional(),
  })
  .strict();

export const auditEvent = z
  .object({
    id: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    entityName: z.string().optional().meta({
      description:
        "The entity's name now (a model's name, `Model v3 on Target` for a deployment …), when it still exists and the reader may see it.",
    }),
    entityHref: z
      .string()
      .optional()
      .meta({ description: "The entity's page in the web app, when it has one." }),
    actor: z.object({ id: z.string().nullable(), label: z.string(), token: z.string().nullable() }),
    before: z.unknown(),
    after: z.unknown(),
    redacted: z.boolean().meta({
      description:
        "True when `before` and `after` are withheld: entries about users, API tokens and webhooks are for admins only.",
    }),
    createdAt: timestamp,
  })
  .meta({ id: "AuditEvent" });

export type AuditEventDto = z.input<typeof auditEvent>;
