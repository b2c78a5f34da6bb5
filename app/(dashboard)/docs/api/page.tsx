import type { Metadata } from "next";
import { requirePrincipal } from "@/lib/auth";
import { type ApiOperation } from "@/components/docs/api-operation";
import { ApiReference } from "@/components/docs/api-reference";
import { PageHeader } from "@/components/ui/page-header";
import { allEndpoints } from "@/lib/endpoints";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { exampleOf } from "@/lib/http/openapi-example";

export const metadata: Metadata = { title: "API reference" };

type Json = Record<string, unknown>;

/** Follow a `$ref` into components so each schema reads in place (and its example is whole). */
function resolve(schema: unknown, doc: Json, depth = 0): unknown {
  if (!schema || typeof schema !== "object" || depth > 16) return schema;
  if (Array.isArray(schema)) return schema.map((s) => resolve(s, doc, depth + 1));
  const s = schema as Json;
  if (typeof s.$ref === "string") {
    const name = s.$ref.split("/").pop()!;
    const target = ((doc.components as Json)?.schemas as Json)?.[name];
    return resolve(target, doc, depth + 1);
  }
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, resolve(v, doc, depth + 1)]));
}

/** "string", "integer", or the allowed values of an enum. */
function schemaSummary(schema: Json | undefined): string {
  if (!schema) return "";
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map(String).join(" | ");
  return String(schema.type ?? "");
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** The document's operations, flattened to what the page shows (plain data for the client). */
function operations(doc: Json): ApiOperation[] {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const params = (op.parameters as Json[] | undefined) ?? [];
      const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.[
        "application/json"
      ] as Json | undefined;
      const responses = op.responses as Record<string, Json>;
      return {
        method,
        path,
        tag: (op.tags as string[])[0],
        summary: String(op.summary),
        ...(op.description ? { description: String(op.description) } : {}),
        ...(op["x-modelgate-permission"]
          ? { permission: String(op["x-modelgate-permission"]) }
          : {}),
        params: params.map((p) => ({
          name: String(p.name),
          in: String(p.in),
          about: [
            schemaSummary(resolve(p.schema, doc) as Json | undefined),
            p.required ? " · required" : "",
            p.description ? ` — ${String(p.description)}` : "",
          ].join(""),
        })),
        ...(body ? { request: pretty(resolve(body.schema, doc)) } : {}),
        responses: Object.entries(responses).map(([status, r]) => {
          const json = (r.content as Json | undefined)?.["application/json"] as Json | undefined;
          const schema = json?.schema ? resolve(json.schema, doc) : undefined;
          return {
            status,
            description: String(r.description),
            ...(schema ? { schema: pretty(schema), example: pretty(exampleOf(schema)) } : {}),
          };
        }),
      };
    }),
  );
}

export default async function ApiDocsPage() {
  await requirePrincipal();
  const doc = buildOpenApiDocument(allEndpoints) as unknown as Json;
  return (
    <>
      <PageHeader
        title="API reference"
        description="Generated from the same schemas that validate every request. Authenticate with a session or Authorization: Bearer <token>; errors are application/problem+json."
        actions={
          <a
            href="/api/v1/openapi.json"
            className="inline-flex h-8 items-center rounded-md border border-border bg-surface px-3 text-sm hover:bg-surface-2"
          >
            openapi.json
          </a>
        }
      />
      <ApiReference operations={operations(doc)} />
    </>
  );
}
