import type { Metadata } from "next";
import { requirePrincipal } from "@/lib/auth";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { allEndpoints } from "@/lib/endpoints";
import { buildOpenApiDocument } from "@/lib/http/openapi";

export const metadata: Metadata = { title: "API reference" };

type Json = Record<string, unknown>;
const methodTone: Record<string, Tone> = {
  get: "info",
  post: "ok",
  put: "warn",
  patch: "warn",
  delete: "crit",
};

/** Follow a `$ref` into components so each schema reads in place. */
function resolve(schema: unknown, doc: Json, depth = 0): unknown {
  if (!schema || typeof schema !== "object" || depth > 6) return schema;
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

export default async function ApiDocsPage() {
  await requirePrincipal();
  const doc = buildOpenApiDocument(allEndpoints) as unknown as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const ops = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(ops.map((o) => (o.op.tags as string[])[0]))];
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
      <div className="grid gap-6 lg:grid-cols-[180px_1fr]">
        <nav aria-label="API sections" className="hidden lg:block">
          <ul className="sticky top-16 space-y-1 text-sm">
            {tags.map((t) => (
              <li key={t}>
                <a href={`#${t}`} className="text-muted hover:text-fg">
                  {t}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="space-y-8">
          {tags.map((tag) => (
            <section key={tag} id={tag} aria-labelledby={`h-${tag}`}>
              <h2 id={`h-${tag}`} className="mb-3 text-base font-semibold">
                {tag}
              </h2>
              <div className="space-y-3">
                {ops
                  .filter((o) => (o.op.tags as string[])[0] === tag)
                  .map(({ path, method, op }) => {
                    const params = (op.parameters as Json[] | undefined) ?? [];
                    const body = (
                      (op.requestBody as Json | undefined)?.content as Json | undefined
                    )?.["application/json"] as Json | undefined;
                    const responses = op.responses as Record<string, Json>;
                    return (
                      <Card key={`${method} ${path}`} className="p-4">
                        <div className="flex flex-wrap items-center gap-2">
                          <Badge
                            tone={methodTone[method]}
                            className="w-14 justify-center uppercase"
                          >
                            {method}
                          </Badge>
                          <code className="font-mono text-sm">{path}</code>
                          <span className="text-sm text-muted">— {String(op.summary)}</span>
                          {op["x-modelgate-permission"] ? (
                            <Badge>needs {String(op["x-modelgate-permission"])}</Badge>
                          ) : null}
                        </div>
                        {op.description ? (
                          <p className="mt-2 text-sm text-muted">{String(op.description)}</p>
                        ) : null}
                        {params.length ? (
                          <table className="mt-3 w-full text-xs">
                            <tbody>
                              {params.map((p) => (
                                <tr key={`${p.in}-${p.name}`} className="border-t border-border">
                                  <td className="py-1 pr-3 font-mono">{String(p.name)}</td>
                                  <td className="py-1 pr-3 text-muted">{String(p.in)}</td>
                                  <td className="py-1 text-muted">
                                    {schemaSummary(resolve(p.schema, doc) as Json | undefined)}
                                    {p.required ? " · required" : ""}
                                    {p.description ? ` — ${String(p.description)}` : ""}
                                  </td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        ) : null}
                        {body ? (
                          <details className="mt-3">
                            <summary className="cursor-pointer text-xs font-medium">
                              Request body
                            </summary>
                            <pre
                              tabIndex={0}
                              className="mt-2 max-h-80 overflow-auto rounded bg-surface-2 p-2 text-[11px]"
                            >
                              {JSON.stringify(resolve(body.schema, doc), null, 2)}
                            </pre>
                          </details>
                        ) : null}
                        <div className="mt-3 flex flex-wrap gap-1.5 text-xs">
                          {Object.entries(responses).map(([status, r]) => (
                            <span
                              key={status}
                              title={String(r.description)}
                              className="rounded border border-border px-1.5 py-0.5 font-mono"
                            >
                              {status}
                            </span>
                          ))}
                        </div>
                      </Card>
                    );
                  })}
              </div>
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
