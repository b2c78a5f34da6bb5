// Concept-drift detectors (lib/stats/concept) on synthetic outcome streams, 100 seeds each:
// (a) delay after an abrupt rise of the error rate 0.10 → 0.25 at outcome 10,000 (20,000
//     outcomes), (b) delay after a gradual rise 0.10 → 0.25 over outcomes 10,000–15,000 (delay
//     counted from 10,000), (c) false alarms on a stationary stream at 0.10 (100,000 outcomes),
// (d) cost: ns per update on the fast path, state size as JSON, ADWIN's bucket count, and
//     runDetector on a 1,000-outcome batch (state clone and JSON round trip included).
// A detection is the first rising drift at or after the change; every drift before it is a
// false alarm, and so is every drift on the stationary stream. No database, no server.
import { performance } from "node:perf_hooks";
import { adwinBucketCount, type AdwinState } from "../lib/stats/concept/adwin";
import {
  DEFAULT_OPTIONS,
  detectors,
  runDetector,
  type DetectorKind,
} from "../lib/stats/concept/index";
import type { BaseState } from "../lib/stats/concept/types";
import { mulberry32, summarize } from "./lib";

const SEEDS = 100;
const CHANGE_AT = 10_000;
const KINDS: DetectorKind[] = ["ddm", "page_hinkley", "adwin"];

/** Each detector with its defaults, and Page-Hinkley without fading for comparison. */
const VARIANTS: { label: string; kind: DetectorKind; options?: Record<string, number> }[] = [
  ...KINDS.map((kind) => ({ label: kind, kind })),
  { label: "page_hinkley α=1", kind: "page_hinkley", options: { alpha: 1 } },
];

/** Outcomes (1 = wrong) drawn with error rate rate(i) at outcome i. */
function stream(seed: number, length: number, rate: (i: number) => number): Uint8Array {
  const next = mulberry32(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = next() < rate(i) ? 1 : 0;
  return out;
}

const abrupt = (i: number) => (i < CHANGE_AT ? 0.1 : 0.25);
const gradual = (i: number) =>
  i < CHANGE_AT ? 0.1 : i < 15_000 ? 0.1 + (0.15 * (i - CHANGE_AT)) / 5_000 : 0.25;

interface Run {
  delay: number | null; // first rising drift at or after CHANGE_AT, minus CHANGE_AT
  falseAlarms: number; // drifts before CHANGE_AT (any direction)
  drifts: number;
  ns: number;
  state: BaseState;
}

/** The fast path the integration's runner wraps: update in place, read the level. */
function feed({ kind, options }: (typeof VARIANTS)[number], outcomes: Uint8Array): Run {
  const detector = detectors[kind];
  const state = detector.init(options) as BaseState;
  let delay: number | null = null;
  let falseAlarms = 0;
  let drifts = 0;
  const started = performance.now();
  for (let i = 0; i < outcomes.length; i++) {
    if (detector.update(state, outcomes[i] === 1) !== "drift") continue;
    drifts++;
    if (i < CHANGE_AT) falseAlarms++;
    else if (delay === null && state.direction > 0) delay = i - CHANGE_AT;
  }
  const ns = ((performance.now() - started) * 1e6) / outcomes.length;
  return { delay, falseAlarms, drifts, ns, state };
}

function delayFigures(runs: Run[]) {
  const found = runs.flatMap((r) => (r.delay === null ? [] : [r.delay]));
  const mean = found.reduce((a, b) => a + b, 0) / Math.max(1, found.length);
  const { p50, p95 } = found.length ? summarize(found) : { p50: NaN, p95: NaN };
  return {
    mean,
    p50,
    p95,
    missed: runs.length - found.length,
    falseAlarms: runs.reduce((a, r) => a + r.falseAlarms, 0),
  };
}

const num = (x: number, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString("en", { maximumFractionDigits: digits }) : "–";

function row(cells: (string | number)[], widths: number[]) {
  return cells.map((c, i) => String(c)[i === 0 ? "padEnd" : "padStart"](widths[i])).join("  ");
}

/**
 * µs per 1,000-outcome batch through runDetector, as the job would feed a deployment: state
 * cloned in, JSON round trip out. Warm state (the first 50,000 outcomes); median of 5 passes
 * over the next 50,000, so the first pass's compilation does not count.
 */
function batchCost(kind: DetectorKind, outcomes: Uint8Array): number {
  const errors = Array.from(outcomes, (x) => x === 1);
  const warm = runDetector(kind, null, errors.slice(0, 50_000)).state;
  const passes: number[] = [];
  for (let pass = 0; pass < 5; pass++) {
    let state = warm;
    const started = performance.now();
    for (let from = 50_000; from < 100_000; from += 1_000) {
      const result = runDetector(kind, state, errors.slice(from, from + 1_000));
      state = JSON.parse(JSON.stringify(result.state));
    }
    passes.push(((performance.now() - started) * 1_000) / 50);
  }
  return summarize(passes).p50;
}

export async function main() {
  console.log(
    `${SEEDS} seeded streams per scenario; defaults: ${KINDS.map((k) => `${k} ${JSON.stringify(DEFAULT_OPTIONS[k])}`).join("; ")}\n`,
  );
  const scenarios = {
    abrupt: Array.from({ length: SEEDS }, (_, s) => stream(1_000 + s, 20_000, abrupt)),
    gradual: Array.from({ length: SEEDS }, (_, s) => stream(2_000 + s, 20_000, gradual)),
    stationary: Array.from({ length: SEEDS }, (_, s) => stream(3_000 + s, 100_000, () => 0.1)),
  };
  for (const variant of VARIANTS) feed(variant, scenarios.stationary[0]); // warm up the JIT

  const delays: string[] = [];
  const costs: string[] = [];
  const w1 = [18, 10, 8, 8, 7, 13];
  delays.push(
    row(["detector", "scenario", "mean", "p50", "p95", "missed", "false alarms"], [...w1, 13]),
  );
  const w2 = [18, 22, 10, 14, 14, 16];
  costs.push(
    row(
      [
        "detector",
        "false alarms/100k",
        "ns/update",
        "state JSON B",
        "ADWIN buckets",
        "batch of 1,000",
      ],
      w2,
    ),
  );
  for (const variant of VARIANTS) {
    const { kind, label } = variant;
    for (const name of ["abrupt", "gradual"] as const) {
      const f = delayFigures(scenarios[name].map((s) => feed(variant, s)));
      delays.push(
        row(
          [label, name, num(f.mean), num(f.p50), num(f.p95), f.missed, f.falseAlarms],
          [...w1, 13],
        ),
      );
    }
    const runs = scenarios.stationary.map((s) => feed(variant, s));
    const alarms = runs.reduce((a, r) => a + r.drifts, 0) / SEEDS;
    const ns = summarize(runs.map((r) => r.ns)).p50;
    const bytes = runs.map((r) => JSON.stringify(r.state).length);
    const buckets =
      kind === "adwin" ? runs.map((r) => adwinBucketCount(r.state as unknown as AdwinState)) : [];
    costs.push(
      row(
        [
          label,
          `${num(alarms, 2)} (${runs.filter((r) => r.drifts > 0).length} streams)`,
          num(ns, 1),
          `${num(Math.min(...bytes))}–${num(Math.max(...bytes))}`,
          buckets.length ? `${Math.min(...buckets)}–${Math.max(...buckets)}` : "–",
          variant.options ? "–" : `${num(batchCost(kind, scenarios.stationary[0]), 0)} µs`,
        ],
        w2,
      ),
    );
  }
  console.log("Detection delay in outcomes (streams where it fired), missed streams and false");
  console.log(`alarms before the change, over ${SEEDS} streams each:`);
  for (const line of delays) console.log(`  ${line}`);
  console.log(`\nStationary stream at 0.10 (${SEEDS} × 100,000 outcomes) and cost:`);
  for (const line of costs) console.log(`  ${line}`);
}
