import { describe, expect, it } from "vitest";
import { exampleOf } from "./openapi-example";

describe("exampleOf", () => {
  it("builds an object from its properties, with nullable fields as their type", () => {
    expect(
      exampleOf({
        type: "object",
        properties: {
          id: { type: "string" },
          at: { type: "string", format: "date-time" },
          n: { type: "integer", minimum: 0 },
          stage: { type: "string", enum: ["staging", "production"] },
          note: { anyOf: [{ type: "string" }, { type: "null" }] },
          tags: { type: "array", items: { type: "string" } },
          ok: { type: "boolean" },
        },
      }),
    ).toEqual({
      id: "string",
      at: "2026-01-31T12:00:00.000Z",
      n: 1,
      stage: "staging",
      note: "string",
      tags: ["string"],
      ok: true,
    });
  });

  it("prefers the schema's own example, default or constant", () => {
    expect(exampleOf({ type: "integer", example: 42 })).toBe(42);
    expect(exampleOf({ type: "integer", default: 50 })).toBe(50);
    expect(exampleOf({ const: "v1" })).toBe("v1");
  });

  it("stops on a schema nested too deep instead of recursing forever", () => {
    const deep: Record<string, unknown> = { type: "object", properties: {} };
    let node = deep;
    for (let i = 0; i < 20; i++) {
      const next = { type: "object", properties: {} };
      (node.properties as Record<string, unknown>).child = next;
      node = next;
    }
    expect(JSON.stringify(exampleOf(deep))).toContain("null");
  });
});
