// Drift statistics: 20 numerical features × 100,000 reference rows × 100,000 current rows
// (seeded synthetic data, every fourth feature shifted). Times (a) building the reference
// profiles, (b) the statistics alone with the default method choice (> 1,000 reference rows →
// normed Wasserstein) and, for comparison, the heavier two-sample KS on all 20 features.
// Goal: statistics alone <= 0.5 s.
import { performance } from "node:perf_hooks";
import { featureDrift, profileReference, type ReferenceProfile } from "../lib/stats/drift";
import { line } from "./lib";

const FEATURES = 20;
const ROWS = 100_000;

function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()); // standard normal
}

function column(seed: number, shift: number, scale: number) {
  const normal = rng(seed);
  const out = new Float64Array(ROWS);
  for (let i = 0; i < ROWS; i++) out[i] = shift + scale * normal();
  return out;
}

async function timeIt(label: string, fn: () => void, runs: number, note = "") {
  fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  line(label, samples, note);
  return samples;
}

export async function main() {
  const reference: Float64Array[] = [];
  const current: Float64Array[] = [];
  for (let f = 0; f < FEATURES; f++) {
    reference.push(column(1000 + f, 0, 1 + f / 10));
    const shifted = f % 4 === 0;
    current.push(column(2000 + f, shifted ? 0.3 : 0, (1 + f / 10) * (shifted ? 1.2 : 1)));
  }
  console.log(`${FEATURES} numerical features × ${ROWS.toLocaleString("en")} reference × ${ROWS.toLocaleString("en")} current rows`);

  let profiles: ReferenceProfile[] = [];
  await timeIt("(a) reference profiles, 20 features", () => {
    profiles = reference.map((r) => profileReference(r));
  }, 10);

  let drifted = 0;
  const stats = await timeIt("(b) statistics alone, default (Wasserstein normed)", () => {
    drifted = 0;
    for (let f = 0; f < FEATURES; f++) if (featureDrift(profiles[f], current[f]).drifted) drifted++;
  }, 10);
  console.log(`    methods: ${featureDrift(profiles[0], current[0]).method}; drifted ${drifted}/${FEATURES}`);

  let ksDrifted = 0;
  await timeIt("(b') statistics alone, KS on all 20 features", () => {
    ksDrifted = 0;
    for (let f = 0; f < FEATURES; f++) if (featureDrift(profiles[f], current[f], { method: "ks" }).drifted) ksDrifted++;
  }, 10);
  console.log(`    KS drifted ${ksDrifted}/${FEATURES}`);

  await timeIt("raw reference (profile + statistics), default", () => {
    for (let f = 0; f < FEATURES; f++) featureDrift(reference[f], current[f]);
  }, 5);

  const p50 = [...stats].sort((a, b) => a - b)[Math.floor(stats.length / 2)];
  console.log(`goal: statistics alone <= 500 ms — p50 ${p50.toFixed(1)} ms ${p50 <= 500 ? "(met)" : "(NOT met)"}`);
}
