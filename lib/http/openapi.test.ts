import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { allEndpoints } from "@/lib/endpoints";
import { buildOpenApiDocument } from "./openapi";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? routeFiles(full) : name === "route.ts" ? [full] : [];
  });
}

/** `app/api/v1/models/[slug]/route.ts` → `/api/v1/models/{slug}` */
function toPath(file: string): string {
  const rel = path.relative("app", path.dirname(file)).split(path.sep).join("/");
  return `/${rel}`.replace(/\[([^\].]+)\]/g, "{$1}");
}

describe("the OpenAPI document", () => {
  const doc = buildOpenApiDocument(allEndpoints);

  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("covers every route handler that exists, method by method", () => {
    const files = routeFiles(path.join("app", "api")).filter(
      (f) => !f.includes("[...") && !f.includes("/auth/"),
    );
    expect(files.length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      const methods = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) =>
        m[1].toLowerCase(),
      );
      expect(methods.length, `${file} exports no handler`).toBeGreaterThan(0);
      for (const method of methods) {
        const op = (doc.paths as Record<string, Record<string, unknown>>)[toPath(file)]?.[method];
        if (!op) missing.push(`${method.toUpperCase()} ${toPath(file)}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("documents problem+json errors and the permission each operation needs", () => {
    const create = (doc.paths as Record<string, Record<string, Record<string, unknown>>>)[
      "/api/v1/models"
    ].post;
    expect(Object.keys(create.responses as object)).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "409", "413", "415"]),
    );
    expect(create["x-modelgate-permission"]).toBe("write");
  });
});
