import { z } from "zod";
import { scopes } from "@/lib/permissions";
import { id, timestamp } from "./common";

export const scope = z.enum(scopes).meta({ id: "Scope" });

export const tokenCreate = z
  .object({
    name: z.string().trim().min(1, "is required").max(80),
    scopes: z.array(scope).min(1, "choose at least one scope").max(5),
    expiresAt: timestamp
      .refine((v) => new Date(v).getTime() > Date.now(), "must be in the future")
      .optional()
      .nullable(),
    userId: id.optional().meta({ description: "Create the token for another user (admins only)." }),
  })
  .strict()
  .meta({ id: "TokenCreate" });

export const token = z
  .object({
    id,
    name: z.string(),
    prefix: z.string().meta({ description: "The first characters of the token, to tell tokens apart." }),
    scopes: z.array(scope),
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

export type TokenCreate = z.infer<typeof tokenCreate>;
