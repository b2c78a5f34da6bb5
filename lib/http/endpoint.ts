import type { z } from "zod";
import type { Action } from "@/lib/permissions";

// An endpoint's contract: method, path, who may call it and the zod schemas of its inputs
// and output. The route wrapper enforces it and the OpenAPI document is generated from it,
// so the two cannot drift apart.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type AnyObject = z.ZodType<Record<string, unknown>>;

/** What an endpoint answers on success. The schema also types its handler's return value. */
export interface ResponseSpec<S extends z.ZodType | undefined = z.ZodType | undefined> {
  status: number;
  description: string;
  schema?: S;
  contentType?: string;
  /**
   * Other content types the same endpoint may answer with on request (e.g. `text/csv`): its
   * handler may then return a plain Response too, which is not checked against the schema.
   */
  alternatives?: readonly string[];
}

export interface Endpoint<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends ResponseSpec = ResponseSpec,
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
  response: R;
  /** Extra error statuses worth documenting beyond the ones every endpoint has. */
  errors?: number[];
}

export function endpoint<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends ResponseSpec = ResponseSpec<undefined>,
>(e: Endpoint<P, Q, B, R>): Endpoint<P, Q, B, R> {
  return e;
}
