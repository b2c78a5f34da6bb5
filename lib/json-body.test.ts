import { describe, expect, it } from "vitest";
import { costOf } from "@/lib/testing/event-loop";
import { refusal } from "@/lib/testing/fixtures";
import { assertJsonContainersAtMost, parseJsonBody } from "./json-body";

// JSON bodies up to the ingestion limit (16 MiB) without stalling the server: large ones are
// counted first and parsed in slices that yield.

const points = (n: number) =>
  Buffer.from(
    JSON.stringify({
      points: Array.from({ length: n }, (_, i) => ({
        name: "latency_ms",
        ts: new Date(1_700_000_000_000 + i).toISOString(),
        value: i / 7,
        labels: { route: "/predict" },
      })),
    }),
  );

describe("parseJsonBody", () => {
  it("gives what JSON.parse gives, small and large", async () => {
    for (const body of [points(10), points(60_000)]) {
      expect(await parseJsonBody(body, { maxContainers: 1e6, what: "" })).toEqual(
        JSON.parse(body.toString()),
      );
    }
    expect(
      await parseJsonBody(Buffer.from('"\\u00e9t\\u00e9"'), { maxContainers: 1, what: "" }),
    ).toBe("été");
  });

  it("answers malformed JSON with 400, small or large, including trailing garbage", async () => {
    const large = points(60_000);
    for (const bad of [
      Buffer.from("{"),
      Buffer.from('{"a":1} x'),
      large.subarray(0, large.length - 1),
      Buffer.concat([large, Buffer.from(" {}")]),
    ]) {
      const err = await refusal(parseJsonBody(bad, { maxContainers: 1e6, what: "" }));
      expect(err.code).toBe("bad_request");
      expect(err.message).toMatch(/Malformed JSON/);
    }
  });

  it("refuses a body with too many objects before parsing it (413 naming the limit)", async () => {
    const bomb = Buffer.from(`[${"{},".repeat(3_000_000)}{}]`);
    const { result: err, cpuMs } = await costOf(() =>
      refusal(parseJsonBody(bomb, { maxContainers: 2_000_000, what: "the limit is 2000000" })),
    );
    expect(err.code).toBe("payload_too_large");
    expect(err.message).toContain(
      "more than 2000000 JSON objects and arrays; the limit is 2000000",
    );
    // One pass over 9 MiB of bytes costs tens of milliseconds of CPU; parsing 3 million
    // objects would cost seconds. CPU time, not wall time: a busy machine does not move it.
    expect(cpuMs).toBeLessThan(1000);
    // Brackets inside strings are not containers.
    expect(() =>
      assertJsonContainersAtMost(Buffer.from('["[[[[", "{{{\\"{"]'), 1, ""),
    ).not.toThrow();
  });

  it("keeps the event loop turning while a 10 MiB body parses (JSON.parse alone holds it for the whole parse)", async () => {
    const body = points(100_000); // ~10 MiB: 160 slices of 64 KiB
    const { result, turns } = await costOf(() =>
      parseJsonBody(body, { maxContainers: 1e6, what: "" }),
    );
    expect((result as { points: unknown[] }).points).toHaveLength(100_000);
    // Other requests get the loop between slices: at least one turn per two slices. A single
    // synchronous parse gives 0 or 1. How long each slice holds the loop is measured by
    // `npm run bench otlp` (goal: no stall over 100 ms).
    expect(turns).toBeGreaterThanOrEqual(80);
  });
});
