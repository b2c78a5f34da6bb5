// Drift statistics: 20 numerical features × 100,000 reference rows × 100,000 current rows
// (seeded synthetic data, every fourth feature shifted). Times (a) building the reference
// profiles, (b) the statistics alone with the default method choice (> 1,000 reference rows →
// normed Wasserstein) and, for comparison, the heavier two-sample KS on all 20 features.
// Goal: statistics alone <= 0.5 s.
import { performance } from "node:perf_hooks";
import { featureDrift, profileReference, type ReferenceProfile } from "../lib/stats/drift";
import { line, mulberry32 } from "./lib";

const FEATURES = 20;
const ROWS = 100_000;

function rng(seed: number) {
  const next = mulberry32(seed);
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
  console.log(
    `${FEATURES} numerical features × ${ROWS.toLocaleString("en")} reference × ${ROWS.toLocaleString("en")} current rows`,
  );

  let profiles: ReferenceProfile[] = [];
  await timeIt(
    "(a) reference profiles, 20 features",
    () => {
      profiles = reference.map((r) => profileReference(r));
    },
    10,
  );

  let drifted = 0;
  const stats = await timeIt(
    "(b) statistics alone, default (Wasserstein normed)",
    () => {
      drifted = 0;
      for (let f = 0; f < FEATURES; f++)
        if (featureDrift(profiles[f], current[f]).drifted) drifted++;
    },
    10,
  );
  console.log(
    `    methods: ${featureDrift(profiles[0], current[0]).method}; drifted ${drifted}/${FEATURES}`,
  );

  let ksDrifted = 0;
  await timeIt(
    "(b') statistics alone, KS on all 20 features",
    () => {
      ksDrifted = 0;
      for (let f = 0; f < FEATURES; f++)
        if (featureDrift(profiles[f], current[f], { method: "ks" }).drifted) ksDrifted++;
    },
    10,
  );
  console.log(`    KS drifted ${ksDrifted}/${FEATURES}`);

  await timeIt(
    "raw reference (profile + statistics), default",
    () => {
      for (let f = 0; f < FEATURES; f++) featureDrift(reference[f], current[f]);
    },
    5,
  );

  const p50 = [...stats].sort((a, b) => a - b)[Math.floor(stats.length / 2)];
  console.log(
    `goal: statistics alone <= 500 ms — p50 ${p50.toFixed(1)} ms ${p50 <= 500 ? "(met)" : "(NOT met)"}`,
  );

  await wholeCheck(reference, current);
}

/**
 * The whole check as the API runs it: the reference stored as profiles through the service,
 * 100,000 predictions with 20 features in the inference log, then checkDrift reading the
 * window's columns from PostgreSQL and comparing. Goal: <= 2 s.
 */
async function wholeCheck(reference: Float64Array[], current: Float64Array[]) {
  const { provisionTestDb } = await import("../scripts/lib/test-db");
  const testDb = await provisionTestDb((m) => console.log(m));
  try {
    process.env.DATABASE_URL = testDb.url;
    const { db } = await import("../lib/db");
    const { pool } = await import("../lib/pg");
    const { checkDrift } = await import("../lib/services/drift");
    const { putReference } = await import("../lib/services/reference");
    const { systemActor } = await import("../lib/services/audit");
    const owner = await db.user.create({
      data: { email: "bench@modelgate.dev", name: "Bench", role: "admin" },
    });
    const model = await db.model.create({
      data: { slug: "drift-bench", name: "Drift bench", ownerId: owner.id },
    });
    const version = await db.modelVersion.create({
      data: { modelId: model.id, version: 1, artifactUri: "s3://bench/drift" },
    });
    const target = await db.deploymentTarget.create({
      data: {
        slug: "bench",
        name: "Bench",
        kind: "cloud",
        provider: "bench",
        environment: "staging",
      },
    });
    const d = await db.deployment.create({
      data: {
        modelId: model.id,
        versionId: version.id,
        targetId: target.id,
        status: "active",
        activatedAt: new Date(),
      },
    });
    const names = Array.from({ length: FEATURES }, (_, f) => `f${f}`);
    const rows = Array.from({ length: ROWS }, (_, i) =>
      Object.fromEntries(names.map((n, f) => [n, reference[f][i]])),
    );
    let t = performance.now();
    await putReference(systemActor, { slug: "drift-bench", n: 1 }, { rows });
    console.log(
      `\nreference upload through the service (profile + store): ${(performance.now() - t).toFixed(0)} ms`,
    );
    // 100,000 predictions written in SQL from the current columns.
    const start = Date.now() - 3_600_000;
    t = performance.now();
    for (let b = 0; b < ROWS; b += 10_000) {
      const ids: string[] = [];
      const times: string[] = [];
      const features: string[] = [];
      for (let i = b; i < Math.min(ROWS, b + 10_000); i++) {
        ids.push(`p${i}`);
        times.push(new Date(start + i * 30).toISOString());
        features.push(JSON.stringify(Object.fromEntries(names.map((n, f) => [n, current[f][i]]))));
      }
      await pool().query(
        `INSERT INTO predictions (deployment_id, id, ts, features, prediction) SELECT $1, id, ts, f, '1'::jsonb FROM unnest($2::text[], $3::timestamptz[], $4::json[]) AS r(id, ts, f)`,
        [d.id, ids, times, features],
      );
    }
    await pool().query("ANALYZE predictions");
    console.log(
      `seeded ${ROWS.toLocaleString("en")} predictions × ${FEATURES} features in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const samples: number[] = [];
    let drifted = 0;
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      const r = await checkDrift(d.id, {
        from: new Date(start - 1).toISOString(),
        to: new Date(start + 3_600_000).toISOString(),
      });
      if (i > 0) samples.push(performance.now() - t0);
      drifted = r.features.filter((f) => f.drifted).length;
      if (r.rowCount !== ROWS) throw new Error(`compared ${r.rowCount} rows`);
    }
    line(
      "whole check: read 100k × 20 from PostgreSQL + statistics",
      samples,
      `  drifted ${drifted}/${FEATURES}`,
    );
    const whole = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    console.log(
      `goal: whole check <= 2 s — p50 ${(whole / 1000).toFixed(2)} s ${whole <= 2000 ? "(met)" : "(NOT met)"}`,
    );
    await pool().end();
    await db.$disconnect();
  } finally {
    await testDb.drop();
  }
}
