import "./zod-config";
import "zod-openapi";
import { z } from "zod";

// Building blocks shared by every domain's schemas.

export const slug = z
  .string()
  .min(2, "must be at least 2 characters")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single hyphens only")
  .meta({ example: "churn-classifier" });

export const id = z.string().min(1).max(64).meta({ example: "cm4x2k9p0000008l4h2cv1a7e" });

/** A finite JSON number: NaN and ±Infinity cannot arrive through JSON, but strings like "1e999" can. */
export const finite = z.number().refine(Number.isFinite, "must be a finite number");

export const timestamp = z.iso.datetime({ offset: true }).meta({ example: "2026-11-27T12:00:00Z" });

export const email = z
  .email("must be an email address")
  .max(254)
  .transform((v) => v.toLowerCase());

/** A user's password, wherever one is set: the API, `npm run user`, MODELGATE_ADMIN_PASSWORD. */
export const password = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters");

export const tag = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9._:-]*$/i, "letters, digits and . _ : - only");

export const paginationQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .meta({ description: "Page size (max 500)." }),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .meta({ description: "`nextCursor` of the previous page." }),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

export const slugParams = z.object({ slug });
export const idParams = z.object({ id });
