import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { z } from "zod";
import { authOptions, principalFromSession } from "@/lib/auth";
import { type Env, env } from "@/lib/env";
import { checkRateLimit } from "@/lib/rate-limit";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { type Principal, can } from "@/lib/permissions";
import {
  assertMayIngest,
  assertMayIngestEndpoint,
  principalFromToken,
} from "@/lib/services/tokens";
import type { Endpoint, ResponseSpec } from "./endpoint";
import {
  AppError,
  badRequest,
  forbidden,
  invalidFields,
  payloadTooLarge,
  responseMismatch,
  unauthorized,
  unsupportedMediaType,
  validationFailed,
  zodIssues,
} from "@/lib/errors";
import { parseJsonBody } from "@/lib/json-body";
import { decodeContentEncoding } from "./content-encoding";
import { fastParsers } from "./fast-parse";
import { problemResponse } from "./problem";
import { ServerTiming } from "./server-timing";
import { sized } from "./sized";

// The one route wrapper every /api/v1 handler goes through. In order:
//   1. authenticate: `Authorization: Bearer <token>`, else the next-auth session cookie;
//   2. check the endpoint's action against the caller's role (and token scopes);
//   3. for cookie-authenticated mutations, check Origin (CSRF);
//   4. parse path params, query and JSON body with the endpoint's zod schemas, refusing
//      wrong content types (415), oversized bodies (413) and invalid fields (400, all counted, the first 100 listed);
//   5. call the handler, and map whatever it throws to problem+json;
//   6. outside production (or with MODELGATE_VALIDATE_RESPONSES=1), check a successful JSON
//      answer against the endpoint's response schema: a mismatch is a 500, logged with its issues;
//   7. count and time the request for /api/metrics and log it.

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

declare const carries: unique symbol;

/** A JSON response that remembers, for the type checker only, the shape of the data it carries. */
export type TypedResponse<T> = Response & { readonly [carries]: T };

/**
 * What a handler may return. With a response schema: the data the schema describes (answered
 * with the endpoint's status) or `json(data, …)` of it; a plain Response only where the
 * endpoint declares alternative content types. Without a schema (204) or with a content type
 * other than JSON (CSV, SSE, protobuf, Prometheus text): a Response.
 */
type HandlerResult<R extends ResponseSpec> = R extends { contentType: string }
  ? Response
  : R extends { schema: infer S extends z.ZodType }
    ? | z.input<S>
      | TypedResponse<z.input<S>>
      | (R extends { alternatives: readonly string[] } ? Response : never)
    : Response;

export interface HandlerContext<P, Q, B> {
  req: NextRequest;
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  requestId: string;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function json<T>(
  data: T,
  init: { status?: number; headers?: Record<string, string> } = {},
): TypedResponse<T> {
  return sized(JSON.stringify(data), init.status ?? 200, {
    "Content-Type": "application/json; charset=utf-8",
    ...init.headers,
  }) as TypedResponse<T>;
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/** Objects and arrays a large JSON body may hold (counted before parsing; 413 past it). */
export const MAX_JSON_CONTAINERS = 2_000_000;

/** The body as bytes, refused with 413 as soon as it passes `limit` (for non-JSON bodies such as OTLP protobuf). */
export async function readRawBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number) {
  return payloadTooLarge(`The body is larger than ${limit} bytes`);
}

async function authenticate(
  req: NextRequest,
): Promise<{ principal: Principal | null; viaCookie: boolean }> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized("Malformed Authorization header; expected `Bearer <token>`.");
    const principal = await principalFromToken(match[1]);
    if (!principal) throw unauthorized("The API token is unknown, revoked or expired.");
    return { principal, viaCookie: false };
  }
  const jwt = await getToken({ req, secret: authOptions().secret });
  if (!jwt?.sub) return { principal: null, viaCookie: false };
  return { principal: await principalFromSession(jwt), viaCookie: true };
}

/** Cookie-authenticated writes must come from our own pages: same Origin as the request. */
function checkOrigin(req: NextRequest) {
  const origin = req.headers.get("origin");
  const fetchSite = req.headers.get("sec-fetch-site");
  if (!origin) {
    if (fetchSite === "same-origin") return;
    throw forbidden("Cross-site request refused: missing Origin header.");
  }
  const host =
    (env().TRUST_PROXY ? req.headers.get("x-forwarded-host") : null) ??
    req.headers.get("host") ??
    req.nextUrl.host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden("Cross-site request refused: malformed Origin header.");
  }
  if (originHost !== host)
    throw forbidden(`Cross-site request refused: Origin ${origin} is not this site.`);
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, prefix: string): z.output<T> {
  const result = schema.safeParse(value);
  // Every issue, uncut: `attempt` gathers params, query and body before one refusal is cut to size.
  if (!result.success) throw invalidFields("invalid", zodIssues(result.error, prefix));
  return result.data;
}

export function route<
  P extends z.ZodType<Record<string, unknown>> | undefined,
  Q extends z.ZodType<Record<string, unknown>> | undefined,
  B extends z.ZodType | undefined,
  R extends ResponseSpec,
>(
  spec: Endpoint<P, Q, B, R>,
  handler: (ctx: HandlerContext<Out<P>, Out<Q>, Out<B>>) => Promise<HandlerResult<R>>,
) {
  return async (req: NextRequest, context: RouteContext): Promise<Response> => {
    const started = performance.now();
    const timing = new ServerTiming();
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    let response: Response;
    try {
      const { principal, viaCookie } =
        spec.action === "public" ? { principal: null, viaCookie: false } : await authenticate(req);
      timing.lap("auth");
      if (spec.action !== "public") {
        if (!principal) throw unauthorized();
        if (spec.action !== "signed_in" && !can(principal, spec.action)) {
          throw forbidden(
            principal.token
              ? `This needs the "${spec.action}" permission; the token's scopes or its user's role do not allow it.`
              : `Your role (${principal.user.role}) does not allow this.`,
          );
        }
        if (viaCookie && spec.method !== "GET") checkOrigin(req);
        // Ingestion is the hot path model servers hit: each token gets a budget per window.
        if (spec.action === "ingest") await checkRateLimit(principal, "ingest");
      }
      timing.lap("ratelimit");

      // Collect every invalid field of params, query and body before refusing.
      const issues: { path: string; message: string }[] = [];
      const attempt = <T>(fn: () => T): T | undefined => {
        try {
          return fn();
        } catch (e) {
          if (e instanceof AppError && e.code === "validation_failed" && e.options.errors) {
            issues.push(...e.options.errors);
            return undefined;
          }
          throw e;
        }
      };
      const rawParams = (await context.params) ?? {};
      const params = spec.params
        ? attempt(() => parseWith(spec.params!, rawParams, ""))
        : undefined;
      const query = spec.query
        ? attempt(() => parseWith(spec.query!, queryObject(req.nextUrl), "query"))
        : undefined;
      // A token narrowed to some deployments is refused before its body is even read.
      const { id: deploymentId, slug, target } = (params ?? {}) as Record<string, unknown>;
      if (spec.action === "ingest" && principal && typeof deploymentId === "string") {
        await assertMayIngest(principal, [deploymentId]);
      } else if (spec.action === "ingest" && principal && typeof slug === "string") {
        // An endpoint (model × target): the narrowing is checked on the model and target here.
        await assertMayIngestEndpoint(principal, slug, String(target));
      }
      timing.lap("params");

      let body: unknown = undefined;
      if (spec.body) {
        const type = req.headers.get("content-type") ?? "";
        if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
          throw unsupportedMediaType("Send the body as application/json.");
        }
        const limit =
          spec.bodyLimit ??
          (spec.action === "ingest" ? env().INGEST_BODY_LIMIT_BYTES : env().API_BODY_LIMIT_BYTES);
        // Model servers may gzip what they send (Content-Encoding: gzip); the limit holds for
        // the body as sent and as inflated, and inflating stops at it.
        const bytes = await decodeContentEncoding(
          await readRawBody(req, limit),
          req.headers.get("content-encoding"),
          limit,
        );
        timing.lap("body");
        if (bytes.length < 4096 && bytes.toString("utf8").trim() === "") {
          throw badRequest("The request body is empty; a JSON object is required.");
        }
        // Large bodies are counted, then parsed in slices: one client never stalls the others.
        const raw = await parseJsonBody(bytes, {
          maxContainers: MAX_JSON_CONTAINERS,
          what: `the limit is ${MAX_JSON_CONTAINERS}`,
        });
        timing.lap("parse");
        // The hot ingest bodies have a compiled validator that accepts exactly what zod does; zod
        // still judges whatever it does not accept, so every problem is listed the same way.
        const fast = fastParsers.get(spec.body)?.(raw);
        body = fast !== undefined ? fast : attempt(() => parseWith(spec.body!, raw, ""));
        timing.lap("validate");
      }
      if (issues.length) throw validationFailed(issues);

      const result = await handler({
        req,
        principal: principal as Principal,
        params: params as Out<P>,
        query: query as Out<Q>,
        body: body as Out<B>,
        requestId,
      });
      timing.lap("handler");
      response =
        result instanceof Response ? result : json(result, { status: spec.response.status });
      if (validatesResponses(env()))
        response = await checkResponse(spec, response, req.nextUrl.pathname, requestId);
    } catch (e) {
      response = problemResponse(e, req.nextUrl.pathname);
    }

    response.headers.set("X-Request-Id", requestId);
    if (env().MODELGATE_SERVER_TIMING) {
      timing.lap("respond");
      response.headers.set("Server-Timing", timing.header());
    }
    const seconds = (performance.now() - started) / 1000;
    const labels = { method: spec.method, route: spec.path, status: String(response.status) };
    metrics().httpRequests.inc(labels);
    metrics().httpDuration.observe(labels, seconds);
    log.info({ requestId, ...labels, ms: Math.round(seconds * 1000) }, "api request");
    return response;
  };
}

/** Development and tests check every answer; production only when asked (the e2e server does). */
export function validatesResponses(
  e: Pick<Env, "NODE_ENV" | "MODELGATE_VALIDATE_RESPONSES">,
): boolean {
  return e.NODE_ENV !== "production" || e.MODELGATE_VALIDATE_RESPONSES;
}

/**
 * The response if its JSON body is what the endpoint's schema describes, else a 500 with the
 * issues logged: a schema that does not tell the truth is a bug to find in the tests, not in
 * a client. Keys the schema does not know are issues too (zod would silently drop them), so
 * the OpenAPI document lists every field the API sends.
 */
async function checkResponse(
  spec: Endpoint,
  response: Response,
  instance: string,
  requestId: string,
) {
  const schema = spec.response.schema;
  if (!schema || !response.ok || response.status === 204) return response;
  if (!/^application\/json\b/i.test(response.headers.get("content-type") ?? "")) return response;
  const body: unknown = await response.clone().json();
  const result = schema.safeParse(body);
  const issues = result.success ? unknownKeys(body, result.data) : zodIssues(result.error, "");
  if (issues.length === 0) return response;
  log.error(
    { requestId, route: `${spec.method} ${spec.path}`, issues },
    "response does not match its schema",
  );
  // Never in production unless asked, so the issues may go to the caller: they are the test's clue.
  const detail = `The response of ${spec.method} ${spec.path} does not match its schema.`;
  return problemResponse(responseMismatch(detail, issues), instance);
}

/** Paths (spelled as zod's, `items.0.name`) of the keys in `sent` that parsing with a (non-strict) schema dropped. */
function unknownKeys(
  sent: unknown,
  parsed: unknown,
  path = "",
): { path: string; message: string }[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    return sent.flatMap((item, i) =>
      unknownKeys(item, parsed[i], path ? `${path}.${i}` : String(i)),
    );
  }
  if (!isPlainObject(sent) || !isPlainObject(parsed)) return [];
  return Object.entries(sent).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    if (!(key in parsed)) return [{ path: at, message: "not in the response schema" }];
    return unknownKeys(value, parsed[key], at);
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
