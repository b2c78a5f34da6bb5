// An example value for a JSON schema of the OpenAPI document (its $refs already followed), so
// the API reference can show what an answer looks like next to its schema: the schema's own
// example, default or first enum value where it has one, else a plausible value of its type.

type Json = Record<string, unknown>;

function stringExample(s: Json): string {
  switch (s.format) {
    case "date-time":
      return "2026-01-31T12:00:00.000Z";
    case "date":
      return "2026-01-31";
    case "email":
      return "ada@example.com";
    case "uri":
    case "url":
      return "https://example.com/";
    case "uuid":
      return "00000000-0000-4000-8000-000000000000";
  }
  return typeof s.minLength === "number" && s.minLength > 6 ? "x".repeat(s.minLength) : "string";
}

export function exampleOf(schema: unknown, depth = 0): unknown {
  if (!schema || typeof schema !== "object" || depth > 10) return null;
  const s = schema as Json;
  if ("example" in s) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if ("const" in s) return s.const;
  if ("default" in s) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  const alternatives = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (Array.isArray(alternatives)) {
    const value = alternatives.find((a) => a && a.type !== "null") ?? alternatives[0];
    return exampleOf(value, depth + 1);
  }
  if (Array.isArray(s.allOf))
    return Object.assign({}, ...s.allOf.map((part) => exampleOf(part, depth + 1)));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object":
      return Object.fromEntries(
        Object.entries((s.properties as Json | undefined) ?? {}).map(([k, v]) => [
          k,
          exampleOf(v, depth + 1),
        ]),
      );
    case "array":
      return s.items ? [exampleOf(s.items, depth + 1)] : [];
    case "string":
      return stringExample(s);
    case "integer":
      return typeof s.minimum === "number" ? Math.max(s.minimum, 1) : 1;
    case "number":
      return typeof s.minimum === "number" ? s.minimum : 0.5;
    case "boolean":
      return true;
  }
  return null;
}
