import type { z } from "zod";
import type { Link } from "@/lib/endpoints/links";
import type { Endpoint } from "@/lib/http/endpoint";

// The browser's way to call /api/v1, driven by the endpoint specs in lib/endpoints: the spec
// gives the method, the path template, the input types and the result type, so a call site
// names an endpoint instead of spelling a URL and a result interface by hand. JSON in, JSON
// out, problem+json turned into an ApiError that carries every field error so forms can show
// them inline. This module imports the specs' types only; the hooks live in ./hooks. Client
// components pass links (lib/endpoints/links: method, path, tag and the spec's type, no zod);
// a spec itself works too, for server-side callers and tests.

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Field errors keyed by path, for forms. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.errors.map((e) => [e.path, e.message]));
  }
}

// Any spec, whatever its schemas: `Endpoint` alone would pin the generics to their defaults.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySpec = Endpoint<any, any, any, any>;
/** A spec or its link: what every function here takes. */
export type AnyEndpoint = AnySpec | Link;

/** The spec a link stands for (a spec stands for itself). */
type SpecOf<E> = E extends { readonly __spec: infer S } ? S : E;

type Input<S> = S extends z.ZodType ? z.input<S> : never;

/** What an endpoint answers, as its response schema describes it (undefined for 204s). */
type ResponseSchema<E extends AnyEndpoint> =
  SpecOf<E> extends { response: { schema?: infer S } } ? NonNullable<S> : never;
export type ApiResult<E extends AnyEndpoint> = [ResponseSchema<E>] extends [never]
  ? undefined
  : [ResponseSchema<E>] extends [z.ZodType]
    ? z.output<ResponseSchema<E>>
    : undefined;

export type ApiParams<E extends AnyEndpoint> =
  SpecOf<E> extends Endpoint<infer P, infer _Q, infer _B, infer _R> ? Input<P> : never;
export type ApiQuery<E extends AnyEndpoint> =
  SpecOf<E> extends Endpoint<infer _P, infer Q, infer _B, infer _R> ? Input<Q> : never;
export type ApiBody<E extends AnyEndpoint> =
  SpecOf<E> extends Endpoint<infer _P, infer _Q, infer B, infer _R> ? Input<B> : never;

// Each part is required exactly when the spec declares it (query is always optional).
type ParamsPart<E extends AnyEndpoint> = [ApiParams<E>] extends [never]
  ? { params?: undefined }
  : { params: ApiParams<E> };
type QueryPart<E extends AnyEndpoint> = [ApiQuery<E>] extends [never]
  ? { query?: undefined }
  : { query?: Partial<ApiQuery<E>> };
type BodyPart<E extends AnyEndpoint> = [ApiBody<E>] extends [never]
  ? { body?: undefined }
  : { body: ApiBody<E> };

/** The inputs of a read: path parameters and query. */
export type ApiReadRequest<E extends AnyEndpoint> = ParamsPart<E> & QueryPart<E>;

/** The inputs of any call: path parameters, query, body and extra headers (e.g. If-Match). */
export type ApiRequest<E extends AnyEndpoint> = ApiReadRequest<E> &
  BodyPart<E> & { headers?: Record<string, string>; signal?: AbortSignal };

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** The spec's path template with its `{name}` parameters filled in and encoded. */
export function apiPath(e: Pick<AnyEndpoint, "path">, params?: Record<string, unknown>): string {
  return e.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === "") {
      throw new Error(`${e.path}: missing path parameter "${name}"`);
    }
    return encodeURIComponent(String(value));
  });
}

/** A query string (with its `?`, or empty) from an object; undefined and null are left out. */
export function queryString(query?: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The URL of a call: path template filled in, then the query string. */
export function apiUrl(
  e: Pick<AnyEndpoint, "path">,
  req: { params?: unknown; query?: unknown } = {},
): string {
  return (
    apiPath(e, req.params as Record<string, unknown> | undefined) +
    queryString(req.query as Record<string, QueryValue> | undefined)
  );
}

/**
 * The one query-key factory. Keys run from the broad to the narrow, so a prefix invalidates
 * everything below it: `apiKey.resource("Webhooks")` every webhook read, `apiKey(spec)` one
 * endpoint, `apiKey(spec, params)` one resource through that endpoint (react-query matches
 * objects in a key partially).
 */
export function apiKey(
  e: Pick<AnyEndpoint, "tag" | "path">,
  params?: unknown,
  query?: unknown,
): readonly unknown[] {
  const key: unknown[] = ["api", e.tag, e.path];
  if (params !== undefined || query !== undefined) key.push(params ?? {});
  if (query !== undefined) key.push(query);
  return key;
}
apiKey.resource = (tag: string): readonly unknown[] => ["api", tag];

/** Calls an endpoint; resolves to what its response schema describes, or throws ApiError. */
export async function callApi<E extends AnyEndpoint>(
  e: E,
  req: ApiRequest<E>,
): Promise<ApiResult<E>> {
  const body = req.body as unknown;
  const res = await fetch(apiUrl(e, req), {
    method: e.method,
    headers: {
      Accept: "application/json",
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...req.headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    credentials: "same-origin",
    signal: req.signal,
  });
  if (res.status === 204) return undefined as ApiResult<E>;
  const text = await res.text();
  const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    throw new ApiError(
      res.status,
      String(data.detail ?? data.title ?? res.statusText),
      (data.errors as FieldError[] | undefined) ?? [],
      data,
    );
  }
  return data as ApiResult<E>;
}
