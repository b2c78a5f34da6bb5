import fc from "fast-check";
import { describe, expect, it } from "vitest";
import fixtures from "../fixtures/concept-detectors.json";
import {
  DEFAULT_OPTIONS,
  detectors,
  runDetector,
  type DetectorKind,
  type Level,
  type Signal,
} from "./index";

// Expected signals come from an independent Python implementation
// (scripts/fixtures/concept_detectors.py); no Python here.
interface Case {
  name: string;
  kind: DetectorKind;
  options: Record<string, number>;
  stream: string;
  signals: Signal[];
}

const cases = fixtures.cases as unknown as Case[];
const KINDS: DetectorKind[] = ["ddm", "page_hinkley", "adwin"];
const bits = (s: string) => Array.from(s, (c) => c === "1");

describe("runDetector against the Python reference", () => {
  it("covers every detector with signals to match", () => {
    for (const kind of KINDS) {
      expect(cases.filter((c) => c.kind === kind && c.signals.length > 0).length).toBeGreaterThan(
        3,
      );
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const { signals, seen } = runDetector(c.kind, null, bits(c.stream), c.options);
    expect(signals).toEqual(c.signals);
    expect(seen).toBe(c.stream.length);
  });
});

describe("runDetector", () => {
  // 0.10 for 300 outcomes, then every outcome wrong: DDM warns at 304, fires at 310 (see ddm.test.ts).
  const periodicThenErrors = [
    ...Array.from({ length: 300 }, (_, i) => (i % 10 === 9 ? 1 : 0) as 0 | 1),
    ...Array<0 | 1>(50).fill(1),
  ];

  it("reports a warning once per episode, then the drift", () => {
    const { signals } = runDetector("ddm", null, periodicThenErrors);
    expect(signals).toEqual([
      { index: 304, level: "warning", direction: "up" },
      { index: 310, level: "drift", direction: "up" },
    ]);
  });

  it("keeps a warning episode open across batches", () => {
    const first = runDetector("ddm", null, periodicThenErrors.slice(0, 306));
    expect(first.signals).toEqual([{ index: 304, level: "warning", direction: "up" }]);
    const second = runDetector("ddm", first.state, periodicThenErrors.slice(306));
    expect(second.signals).toEqual([{ index: 310, level: "drift", direction: "up" }]);
    expect(second.seen).toBe(350);
  });

  it("returns a fresh state and leaves the input alone", () => {
    const { state } = runDetector("adwin", null, periodicThenErrors.slice(0, 100));
    const before = JSON.stringify(state);
    const next = runDetector("adwin", state, periodicThenErrors.slice(100));
    expect(JSON.stringify(state)).toBe(before);
    expect(next.state).not.toBe(state);
    expect(next.seen).toBe(350);
  });

  it("applies options to a new stream only; a stored state keeps its own", () => {
    const { state } = runDetector("page_hinkley", null, [1, 0], { threshold: 5 });
    expect((state as { options: unknown }).options).toMatchObject({ threshold: 5 });
    const next = runDetector("page_hinkley", state, [1], { threshold: 99 });
    expect((next.state as { options: unknown }).options).toMatchObject({ threshold: 5 });
  });

  it("accepts 0/1 as well as booleans", () => {
    const asBits = runDetector("ddm", null, periodicThenErrors);
    const asBooleans = runDetector(
      "ddm",
      null,
      periodicThenErrors.map((x) => x === 1),
    );
    expect(asBooleans).toEqual(asBits);
  });

  it("only DDM warns; every detector reaches drift on this stream", () => {
    for (const kind of KINDS) {
      const detector = detectors[kind];
      const state = detector.init(LIVELY[kind]);
      const levels = new Set<Level>(periodicThenErrors.map((x) => detector.update(state, x === 1)));
      expect(levels.has("warning")).toBe(kind === "ddm");
      expect(levels.has("drift")).toBe(true);
    }
  });

  it("publishes each detector's defaults", () => {
    expect(DEFAULT_OPTIONS.ddm).toEqual({
      minOutcomes: 30,
      minErrors: 5,
      warningSigma: 2,
      driftSigma: 3,
    });
    expect(DEFAULT_OPTIONS.page_hinkley).toEqual({
      minOutcomes: 30,
      delta: 0.005,
      threshold: 50,
      alpha: 0.9999,
    });
    expect(DEFAULT_OPTIONS.adwin).toMatchObject({ delta: 0.002, clock: 32, maxBuckets: 5 });
    for (const kind of KINDS) {
      expect(detectors[kind].kind).toBe(kind);
      expect((detectors[kind].init() as { options: unknown }).options).toEqual(
        DEFAULT_OPTIONS[kind],
      );
    }
  });
});

/** A Bernoulli stream whose error rate changes at random points, so every detector fires. */
const streams = fc
  .array(
    fc.record({
      length: fc.integer({ min: 1, max: 600 }),
      rate: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .chain((segments) => {
    const total = segments.reduce((n, s) => n + s.length, 0);
    return fc.tuple(
      fc.constant(segments),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
        minLength: total,
        maxLength: total,
      }),
      fc.uniqueArray(fc.integer({ min: 0, max: total }), { maxLength: 8 }),
    );
  })
  .map(([segments, draws, cuts]) => {
    const errors: boolean[] = [];
    for (const { length, rate } of segments) {
      for (let i = 0; i < length; i++) errors.push(draws[errors.length] < rate);
    }
    return { errors, cuts: [...cuts].sort((a, b) => a - b) };
  });

// Small options so that short streams raise plenty of signals (and warnings) to compare.
const LIVELY: Record<DetectorKind, Record<string, number>> = {
  ddm: { minOutcomes: 10 },
  page_hinkley: { threshold: 5, minOutcomes: 10 },
  adwin: { clock: 4, delta: 0.05 },
};

describe("batches", () => {
  it.each(KINDS)(
    "%s: any split, with JSON between batches, gives the signals of one batch",
    (kind) => {
      let signalled = 0;
      fc.assert(
        fc.property(streams, ({ errors, cuts }) => {
          const whole = runDetector(kind, null, errors, LIVELY[kind]);
          signalled += whole.signals.length;
          let state: unknown = null;
          const signals: Signal[] = [];
          const bounds = [0, ...cuts, errors.length];
          for (let b = 0; b + 1 < bounds.length; b++) {
            const batch = runDetector(
              kind,
              state,
              errors.slice(bounds[b], bounds[b + 1]),
              LIVELY[kind],
            );
            signals.push(...batch.signals);
            state = JSON.parse(JSON.stringify(batch.state));
            expect(state).toEqual(batch.state);
          }
          expect(signals).toEqual(whole.signals);
          expect(state).toEqual(whole.state);
        }),
        { numRuns: 150, seed: 4242 },
      );
      expect(signalled).toBeGreaterThan(100); // the property was exercised, not vacuous
    },
  );
});
