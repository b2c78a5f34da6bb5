import { type APIResponse, expect } from "@playwright/test";
import { z } from "zod";
import { problem } from "@/lib/schemas/common";
import { gate, promotion } from "@/lib/schemas/promotions";

// Bodies the specs read are parsed, never cast: a success body with its endpoint's response
// schema (the same one the route wrapper and the OpenAPI document use), an error body with
// the one problem+json schema. A spec then fails where the API and its published contract
// disagree, and gets the schema's type instead of a hand-written copy of it.

export interface EndpointLike {
  method: string;
  path: string;
  response: { status: number; schema?: z.ZodType };
}

type Schema<E extends EndpointLike> = NonNullable<E["response"]["schema"]>;

/**
 * The parsed body's type. While an endpoint's response schema is typed only as `z.ZodType`
 * (before i15-types lands) this is `any`, as `res.json()` was; after, it is the schema's output.
 */
type Body<E extends EndpointLike> =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  z.ZodType extends Schema<E> ? any : z.output<Schema<E>>;

function summary(res: APIResponse, text: string) {
  return `${res.url()} answered ${res.status()}: ${text.slice(0, 2_000)}`;
}

/** Paths of object keys in `raw` that parsing dropped: fields the schema does not declare. */
function undeclared(raw: unknown, out: unknown, at = ""): string[] {
  if (Array.isArray(raw) && Array.isArray(out)) {
    return raw.flatMap((r, i) => undeclared(r, out[i], `${at}[${i}]`));
  }
  if (!raw || !out || typeof raw !== "object" || typeof out !== "object") return [];
  return Object.entries(raw).flatMap(([k, v]) =>
    k in out
      ? undeclared(v, (out as Record<string, unknown>)[k], at ? `${at}.${k}` : k)
      : [at ? `${at}.${k}` : k],
  );
}

function parse<S extends z.ZodType>(schema: S, res: APIResponse, text: string, what: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${what}: not JSON. ${summary(res, text)}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new Error(`${what}: ${z.prettifyError(result.error)}\n${summary(res, text)}`);
  }
  // zod drops keys a schema does not declare; an answer with such keys says more than its
  // contract (and the OpenAPI document) does, which is as much a disagreement as a missing key.
  const extra = undeclared(json, result.data);
  if (extra.length)
    throw new Error(`${what}: undeclared ${extra.join(", ")}\n${summary(res, text)}`);
  return result.data as z.output<S>;
}

/**
 * Check that `res` has the endpoint's success status (or `status`, for an endpoint that has
 * more than one) and return its body parsed with the endpoint's response schema.
 */
export async function parsed<E extends EndpointLike>(
  res: APIResponse,
  endpoint: E,
  status: number = endpoint.response.status,
): Promise<Body<E>> {
  const text = await res.text();
  expect(res.status(), summary(res, text)).toBe(status);
  const schema = endpoint.response.schema;
  if (!schema) throw new Error(`${endpoint.method} ${endpoint.path} declares no response schema`);
  const what = `${endpoint.method} ${endpoint.path}: not its response schema`;
  return parse(schema, res, text, what) as Body<E>;
}

/** Problem details with the fields some errors add (e.g. a failed gate's `gates`). */
const problemBody = problem.loose();

/** `value`, or a failed test naming `what` when the answer left it null or out. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${value}`);
  return value;
}

/** A promotion or rollback refused by its gates (422 gate_failed) lists them. */
export const gateProblem = problem.extend({ gates: z.array(gate) }).loose();

/**
 * A vote on a snapshot that has changed since (409): the current hash and what changed, in the
 * shape of a request's re-pins. No endpoint schema declares these fields yet.
 */
export const staleSnapshotProblem = problem
  .extend({
    snapshotHash: z.string(),
    ...promotion.shape.repins.element.pick({ changes: true, diff: true }).shape,
  })
  .loose();

/**
 * Check that `res` is a problem+json answer (with `status`, when given) and parse it, with
 * `schema` when the error carries more than the problem fields.
 */
export async function problemOf<S extends z.ZodType<{ status: number }> = typeof problemBody>(
  res: APIResponse,
  status?: number,
  schema: S = problemBody as unknown as S,
): Promise<z.output<S>> {
  const text = await res.text();
  if (status !== undefined) expect(res.status(), summary(res, text)).toBe(status);
  expect(res.headers()["content-type"], summary(res, text)).toContain("application/problem+json");
  const body = parse(schema, res, text, "not a problem+json body");
  expect(body.status, summary(res, text)).toBe(res.status());
  return body;
}
