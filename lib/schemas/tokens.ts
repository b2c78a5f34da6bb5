import { z } from "zod";
import { TokenScope } from "@/lib/generated/prisma/enums";
import { id, slug, timestamp } from "./common";

export const scope = z.enum(TokenScope).meta({ id: "Scope" });

export const tokenCreate = z
  .object({
    name: z.string().trim().min(1, "is required").max(80),
    scopes: z.array(scope).min(1, "choose at least one scope").max(5),
    expiresAt: timestamp
      .refine((v) => new Date(v).getTime() > Date.now(), "must be in the future")
      .optional()
      .nullable(),
    userId: id.optional().meta({ description: "Create the token for another user (admins only)." }),
    deploymentIds: z.array(id).max(100).optional().meta({
      description:
        "Narrow ingestion to these deployments: any other ingestion write is 403. With `model`, either suffices. Omit both for any deployment. A narrowed token carries only the `ingest` and `read` scopes.",
    }),
    model: slug.optional().meta({
      description:
        "Narrow ingestion to the deployments of this model (its slug), now and later ones.",
    }),
  })
  .strict()
  .meta({ id: "TokenCreate" });

export const token = z
  .object({
    id,
    name: z.string(),
    prefix: z
      .string()
      .meta({ description: "The first characters of the token, to tell tokens apart." }),
    scopes: z.array(scope),
    deploymentIds: z.array(id).meta({
      description: "Ingestion is narrowed to these deployments (empty: not narrowed by id).",
    }),
    model: z.object({ id, slug: z.string() }).nullable().meta({
      description:
        "Ingestion is narrowed to this model's deployments (null: not narrowed by model).",
    }),
    user: z.object({ id, email: z.string(), name: z.string() }),
    expiresAt: timestamp.nullable(),
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Token" });

export const createdToken = token
  .extend({ token: z.string().meta({ description: "The secret. Shown in this response only." }) })
  .meta({ id: "CreatedToken" });

export type TokenDto = z.input<typeof token>;
export type TokenCreate = z.infer<typeof tokenCreate>;
