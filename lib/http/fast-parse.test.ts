import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_BATCH, metricBatch } from "@/lib/schemas/monitoring";
import { parseMetricBatch } from "./fast-parse";

// The compiled validator must accept exactly what the zod schema accepts, and return the same
// value. Generated bodies: valid batches, valid batches with one thing broken, and shapes drawn
// from arbitrary JSON.

const NOW = Date.UTC(2026, 10, 29, 12);
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterAll(() => vi.useRealTimers());

const name = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.:/-]{0,20}$/),
  fc.constantFrom("latency_ms", "prediction.error", "a", "_", "x".repeat(120), "x".repeat(121)),
  fc.string({ maxLength: 8 }),
);
const offset = fc.constantFrom("Z", "+00:00", "-05:30", "+14:00", "+24:00", "", "z");
const ts = fc.oneof(
  fc
    .tuple(
      fc.date({
        min: new Date(Date.UTC(1990, 0, 1)),
        max: new Date(NOW + 3 * 86_400_000),
        noInvalidDate: true,
      }),
      offset,
      fc.boolean(),
    )
    .map(([d, off, millis]) => {
      const iso = d.toISOString(); // 2026-11-29T12:00:00.000Z
      const base = millis ? iso.slice(0, 23) : iso.slice(0, 19);
      return base + off;
    }),
  fc.constantFrom(
    "2026-02-29T00:00:00Z",
    "2024-02-29T00:00:00Z",
    "2026-11-29T24:00:00Z",
    "2026-11-29 12:00:00Z",
    "2026-11-29T12:00Z",
    "2026-11-29",
  ),
  fc.string({ maxLength: 30 }),
);
const value = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e308),
);
const version = fc.oneof(
  fc.integer({ min: -2, max: 1_000_002 }),
  fc.constantFrom(0, 1, 1_000_000, 1_000_001, 1.5, Number.NaN),
);
const anyJson = fc.jsonValue({ maxDepth: 2 });

const point = fc.record(
  {
    name: fc.oneof({ weight: 8, arbitrary: name }, { weight: 1, arbitrary: anyJson }),
    value: fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: anyJson }),
    ts: fc.oneof({ weight: 8, arbitrary: ts }, { weight: 1, arbitrary: anyJson }),
    version: fc.oneof({ weight: 8, arbitrary: version }, { weight: 1, arbitrary: anyJson }),
    extra: anyJson,
    __proto__: anyJson,
  },
  { requiredKeys: [] },
);
const validPoint = fc.record(
  {
    name: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.:/-]{0,30}$/),
    value: fc.double({ noNaN: true, noDefaultInfinity: true }),
    ts: fc
      .date({
        min: new Date(Date.UTC(1990, 0, 1)),
        max: new Date(NOW + 86_400_000),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
    version: fc.integer({ min: 1, max: 1_000_000 }),
  },
  { requiredKeys: ["name", "value"] },
);
const batch = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ points: fc.array(validPoint, { minLength: 1, maxLength: 6 }) }),
  },
  { weight: 4, arbitrary: fc.record({ points: fc.array(point, { minLength: 0, maxLength: 6 }) }) },
  {
    weight: 1,
    arbitrary: fc.record(
      { points: fc.oneof(fc.array(point, { maxLength: 3 }), anyJson), other: anyJson },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);

/** What JSON.parse would hand the route wrapper (no undefined values, own `__proto__` keys). */
const asParsed = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function judge(raw: unknown) {
  const zod = metricBatch.safeParse(raw);
  const fast = parseMetricBatch(raw, Date.now());
  return { zod, fast };
}

describe("parseMetricBatch: the same verdict and value as the zod schema", () => {
  it("over generated bodies", () => {
    let accepted = 0;
    fc.assert(
      fc.property(batch, (generated) => {
        const raw = asParsed(generated);
        const { zod, fast } = judge(raw);
        expect(fast !== undefined).toBe(zod.success);
        if (zod.success) {
          accepted++;
          expect(fast).toStrictEqual(zod.data);
        }
      }),
      { numRuns: 20_000, seed: 42 },
    );
    // The generator reaches both sides: a parity over refusals only would prove nothing.
    expect(accepted).toBeGreaterThan(5_000);
  });

  it("on the edges: sizes, the future limit, own __proto__ keys", () => {
    const p = { name: "m", value: 1 };
    const cases: unknown[] = [
      { points: [] },
      { points: Array.from({ length: MAX_BATCH }, () => p) },
      { points: Array.from({ length: MAX_BATCH + 1 }, () => p) },
      { points: [{ ...p, ts: new Date(NOW + 86_400_000).toISOString() }] },
      { points: [{ ...p, ts: new Date(NOW + 86_400_001).toISOString() }] },
      JSON.parse('{"points":[{"name":"m","value":1,"__proto__":{"x":1}}]}'),
      JSON.parse('{"__proto__":{},"points":[{"name":"m","value":1}]}'),
      null,
      [],
      "points",
    ];
    for (const raw of cases) {
      const { zod, fast } = judge(raw);
      expect(fast !== undefined).toBe(zod.success);
      if (zod.success) expect(fast).toStrictEqual(zod.data);
    }
  });
});
