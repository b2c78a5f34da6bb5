import type { z } from "zod";
import type { Action } from "@/lib/permissions";

// An endpoint's contract: method, path, who may call it and the zod schemas of its inputs
// and output. The route wrapper enforces it and the OpenAPI document is generated from it,
// so the two cannot drift apart.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type AnyObject = z.ZodType<Record<string, unknown>>;

export interface Endpoint<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/v1/models/{slug}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** What the caller must be allowed to do; `public` needs no credentials. */
  action: Action | "public" | "signed_in";
  params?: P;
  query?: Q;
  body?: B;
  /** Largest accepted body in bytes; defaults to API_BODY_LIMIT_BYTES. */
  bodyLimit?: number;
  response: {
    status: number;
    description: string;
    schema?: R;
    contentType?: string;
  };
  /** Extra error statuses worth documenting beyond the ones every endpoint has. */
  errors?: number[];
}

export function endpoint<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(e: Endpoint<P, Q, B, R>): Endpoint<P, Q, B, R> {
  return e;
}
