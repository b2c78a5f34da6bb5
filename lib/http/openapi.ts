import {
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  createDocument,
} from "zod-openapi";
import { z } from "zod";
import type { Endpoint } from "./endpoint";
import { errorTable } from "@/lib/errors";
import { problem } from "@/lib/schemas/common";

// The OpenAPI 3.1 document, generated from the same endpoint contracts and zod schemas the
// route wrapper enforces: documentation that cannot disagree with the code.

const statusDescriptions: Record<number, string> = Object.fromEntries(
  Object.values(errorTable).map(({ status, title }) => [status, title]),
);

function operation(e: Endpoint): ZodOpenApiOperationObject {
  const errors = new Set<number>(e.errors ?? []);
  if (e.params || e.query || e.body) errors.add(400);
  if (e.action !== "public") errors.add(401);
  if (e.action !== "public" && e.action !== "signed_in") errors.add(403);
  if (e.body) [413, 415].forEach((s) => errors.add(s));

  // Alternative content types (CSV, protobuf) are documented as opaque strings next to the JSON.
  const alternatives = Object.fromEntries(
    (e.response.alternatives ?? []).map((type) => [type, { schema: z.string() }]),
  );
  const responses: Record<string, ZodOpenApiResponseObject> = {
    [String(e.response.status)]: {
      description: e.response.description,
      ...(e.response.schema || e.response.contentType
        ? {
            content: {
              [e.response.contentType ?? "application/json"]: {
                schema: e.response.schema ?? z.string(),
              },
              ...alternatives,
            },
          }
        : {}),
    },
  };
  for (const status of [...errors].sort()) {
    responses[String(status)] = {
      description: statusDescriptions[status] ?? "Error",
      content: { "application/problem+json": { schema: problem } },
    };
  }

  return {
    operationId: `${e.method.toLowerCase()}${e.path
      .replace(/[{}]/g, "")
      .replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())
      .replace(/[^A-Za-z0-9]/g, "")}`,
    tags: [e.tag],
    summary: e.summary,
    ...(e.description ? { description: e.description } : {}),
    ...(e.action === "public" ? { security: [] } : {}),
    requestParams: {
      ...(e.params ? { path: e.params as z.ZodObject } : {}),
      ...(e.query ? { query: e.query as z.ZodObject } : {}),
    },
    ...(e.body
      ? { requestBody: { required: true, content: { "application/json": { schema: e.body } } } }
      : {}),
    responses: responses as ZodOpenApiOperationObject["responses"],
    ...(e.action !== "public" && e.action !== "signed_in"
      ? { "x-modelgate-permission": e.action }
      : {}),
  };
}

export function buildOpenApiDocument(endpoints: Endpoint[], serverUrl?: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const e of endpoints) {
    const item = (paths[e.path] ??= {});
    (item as Record<string, ZodOpenApiOperationObject>)[e.method.toLowerCase()] = operation(e);
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Modelgate API",
      version: "1.0.0",
      description:
        "Register models and versions, tick stage checklists, promote to production under an approval policy, " +
        "and push monitoring data. Authenticate with the browser session or `Authorization: Bearer <token>`. " +
        "Errors are `application/problem+json` (RFC 9457).",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An API token created in Settings → API tokens.",
        },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
    tags: [...new Set(endpoints.map((e) => e.tag))].map((name) => ({ name })),
    paths,
  });
}
