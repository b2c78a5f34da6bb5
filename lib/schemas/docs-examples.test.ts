import { describe, expect, it } from "vitest";
import { allEndpoints } from "@/lib/endpoints";
import { pointsFromOtlp } from "@/lib/services/otlp";
import {
  docExamples,
  docExamplesOf,
  endpointOf,
  fill,
  toPresent,
} from "@/lib/testing/doc-examples";

// The JSON requests of docs/monitoring.md, parsed with the zod schemas their routes use (the
// OTLP route has no body schema: its own validation, which needs no database, judges it). A
// broken example fails here without a server; e2e/api/docs-examples.spec.ts sends them.

const examples = docExamplesOf("docs/monitoring.md");

/** Stand-ins for the placeholders: valid ids and slugs, no database behind them. */
const sample = { id: "cm4x2k9p0000008l4h2cv1a7e", slug: "fraud-scorer", target: "prod-eu" };

describe("docs/monitoring.md request examples", () => {
  it("has every kind of request it documents, so the checks below cannot pass on nothing", () => {
    expect(examples.length).toBeGreaterThanOrEqual(9);
    const routes = new Set(examples.map((e) => `${e.method} ${endpointOf(e, allEndpoints)?.path}`));
    expect([...routes].sort()).toEqual([
      "PATCH /api/v1/deployments/{id}/predictions/{predictionId}",
      "PATCH /api/v1/models/{slug}/targets/{target}/predictions/{predictionId}",
      "POST /api/v1/deployments/{id}/metrics",
      "POST /api/v1/deployments/{id}/predictions",
      "POST /api/v1/models/{slug}/targets/{target}/metrics",
      "POST /api/v1/models/{slug}/targets/{target}/predictions",
      "POST /api/v1/otlp/v1/metrics",
      "POST /api/v1/tokens",
    ]);
  });

  it.each(examples.map((e) => [`${e.method} ${e.path} (line ${e.line})`, e] as const))(
    "%s is what its route accepts",
    (_, example) => {
      const endpoint = endpointOf(example, allEndpoints);
      expect(endpoint, "no route of the API has this method and path").toBeDefined();
      const body = toPresent(JSON.parse(fill(example.json, sample)));
      if (endpoint!.body) {
        const result = endpoint!.body.safeParse(body);
        expect(result.error?.issues ?? []).toEqual([]);
      } else {
        expect(endpoint!.path).toBe("/api/v1/otlp/v1/metrics");
        const { points, issues } = pointsFromOtlp(body);
        expect(issues).toEqual([]);
        expect(points.length).toBeGreaterThan(0);
      }
    },
  );
});

describe("docExamples", () => {
  const tag = "<!-- example: POST /api/v1/deployments/{id}/metrics -->";
  const block = '```json\n{ "points": [] }\n```';

  it("reads tagged blocks, with or without a blank line between tag and block", () => {
    const found = docExamples(`text\n\n${tag}\n${block}\n\n${tag}\n\n${block}\n`);
    expect(found).toEqual([
      expect.objectContaining({ method: "POST", path: "/api/v1/deployments/{id}/metrics" }),
      expect.objectContaining({ line: 8, json: '{ "points": [] }' }),
    ]);
  });

  it("refuses a json block without a tag, a tag without a block and a malformed tag", () => {
    expect(() => docExamples(`text\n${block}`)).toThrow(/without an example tag/);
    expect(() => docExamples(`${tag}\n\ntext`)).toThrow(/not followed by a json block/);
    expect(() => docExamples("<!-- example: POST metrics -->\n" + block)).toThrow(/malformed/);
  });

  it("moves record times to the present, keeping their spacing", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    const moved = toPresent(
      {
        points: [{ ts: "2026-11-30T09:15:00Z" }, { ts: "2026-11-30T09:15:01.500Z" }],
        expiresAt: "2026-12-01T00:00:00Z",
        dp: { timeUnixNano: "1796030100000000000" },
      },
      now,
    );
    expect(moved).toEqual({
      points: [{ ts: "2029-12-31T23:59:57.500Z" }, { ts: "2029-12-31T23:59:59.000Z" }],
      expiresAt: "2026-12-01T00:00:00Z",
      dp: { timeUnixNano: String(BigInt(now - 1_000 - 1_500) * 1_000_000n) },
    });
  });
});
