import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { provisionTestDb } from "../scripts/lib/test-db";
import { line } from "./lib";
import { startServer } from "./server";

// `npm run bench -- ingest` and `npm run bench -- query`: the monitoring hot path over real HTTP.
//
// ingest: 4 concurrent clients POST 1,000-point batches to /api/v1/deployments/{id}/metrics
//   (validation, auth, rate-limit check, partitioned insert, dirty ranges — the whole path),
//   then the same rows are COPYed straight into PostgreSQL in the same run, and the ratio is
//   printed. Goal (issue 6): >= 100,000 points/s through HTTP.
// query: 10 million points (50 active deployments × 2 series × 100,000 points over 30 days),
//   rolled up; p50/p95 of a 30-day single-series query and the 7-day fleet query.
//   Goals: single-series p95 <= 50 ms, fleet p95 <= 100 ms.

const CLIENTS = 4;
const BATCH = 1_000;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 600); // 600,000 points
const RUNS = Number(process.env.BENCH_RUNS ?? 50);

async function fixtures(url: string, deployments: number) {
  process.env.DATABASE_URL = url;
  const { db } = await import("../lib/db");
  const owner = await db.user.create({
    data: { email: "bench@modelgate.dev", name: "Bench", role: "admin" },
  });
  const target = await db.deploymentTarget.create({
    data: {
      slug: "bench",
      name: "Bench",
      kind: "cloud",
      provider: "bench",
      environment: "production",
      requiredApprovals: 1,
    },
  });
  const ids: string[] = [];
  for (let i = 0; i < deployments; i++) {
    const model = await db.model.create({
      data: {
        slug: `bench-${i}`,
        name: `Bench model ${i}`,
        ownerId: owner.id,
        requirements: { create: { latencyP95Ms: 80, maxErrorRate: 0.01 } },
      },
    });
    const version = await db.modelVersion.create({
      data: { modelId: model.id, version: 1, artifactUri: `s3://bench/${i}` },
    });
    const d = await db.deployment.create({
      data: {
        modelId: model.id,
        versionId: version.id,
        targetId: target.id,
        status: "active",
        activatedAt: new Date(Date.now() - 31 * 86_400_000),
      },
    });
    ids.push(d.id);
  }
  const { createToken } = await import("../lib/services/tokens");
  const token = await createToken(
    { user: { id: owner.id, email: owner.email, name: owner.name, role: "admin" } },
    { name: "bench", scopes: ["read", "ingest"] },
  );
  await db.$disconnect();
  return { ids, token: token.token };
}

function batchBody(deploymentIndex: number, b: number, t0: number) {
  const points = new Array(BATCH);
  for (let i = 0; i < BATCH; i++) {
    points[i] = {
      name: `m${b % 20}`,
      value: (i * 7919) % 1000,
      ts: new Date(t0 + (b * BATCH + i) * 10).toISOString(),
    };
  }
  return JSON.stringify({ points });
}

export async function ingest() {
  const testDb = await provisionTestDb((s) => console.log(s));
  let stop: (() => Promise<void>) | null = null;
  try {
    const { ids, token } = await fixtures(testDb.url, 2);
    const server = await startServer(testDb.url, {
      INGEST_RATE_LIMIT: "1000000000",
      MODELGATE_JOBS: "off",
    });
    stop = server.stop;
    const url = `${server.base}/api/v1/deployments/${ids[0]}/metrics`;
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const t0 = Date.now() - 3 * 3_600_000;
    // Warm up (JIT, pools, partitions) with a few batches on another series.
    for (let b = 0; b < 10; b++)
      await fetch(url, { method: "POST", headers, body: batchBody(0, b, t0 - 86_400_000) });
    const bodies = Array.from({ length: BATCHES }, (_, b) => batchBody(0, b, t0));
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < BATCHES) {
          const body = bodies[next++];
          const t = performance.now();
          const res = await fetch(url, { method: "POST", headers, body });
          if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = BATCHES * BATCH;
    const httpRate = total / seconds;
    console.log("");
    line(`POST …/metrics, ${BATCH}-point batches, ${CLIENTS} clients`, latencies);
    console.log(
      `HTTP ingest: ${total.toLocaleString("en")} points in ${seconds.toFixed(2)} s = ${Math.round(httpRate).toLocaleString("en")} points/s`,
    );

    // The same rows by COPY, straight into the partitioned table (another deployment id).
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    const csv = bodies.map((body) =>
      (JSON.parse(body) as { points: { name: string; value: number; ts: string }[] }).points
        .map((p) => `${ids[1]},${p.name},${p.ts},${p.value}\n`)
        .join(""),
    );
    const copyStarted = performance.now();
    await pipeline(
      Readable.from(csv),
      client.query(
        copyFrom(
          "COPY metric_points (deployment_id, name, ts, value) FROM STDIN WITH (FORMAT csv)",
        ),
      ),
    );
    const copySeconds = (performance.now() - copyStarted) / 1000;
    await client.end();
    const copyRate = total / copySeconds;
    console.log(
      `COPY (same rows): ${total.toLocaleString("en")} points in ${copySeconds.toFixed(2)} s = ${Math.round(copyRate).toLocaleString("en")} points/s`,
    );
    console.log(
      `HTTP / COPY = ${(httpRate / copyRate).toFixed(2)}  (goal: HTTP >= 100,000 points/s)`,
    );
  } finally {
    await stop?.();
    await testDb.drop();
  }
}

export async function query() {
  const testDb = await provisionTestDb((s) => console.log(s));
  let stop: (() => Promise<void>) | null = null;
  try {
    const DEPLOYMENTS = 50;
    const PER_SERIES = 100_000;
    const { ids, token } = await fixtures(testDb.url, DEPLOYMENTS);
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    const now = Date.now();
    const from = now - 30 * 86_400_000;
    const step = (30 * 86_400_000) / PER_SERIES;
    const { ensurePartitions } = await import("../lib/timeseries/store");
    await ensurePartitions(
      client,
      Array.from({ length: 32 }, (_, i) => from + i * 86_400_000),
    );
    let t = performance.now();
    await client.query(
      `INSERT INTO metric_points (deployment_id, name, ts, value)
       SELECT d, s.name, to_timestamp(($2::float8 + n * $3::float8) / 1000),
              CASE WHEN s.name = 'prediction.error' THEN (random() < 0.005)::int ELSE exp(3.3 + 0.35 * random()) END
       FROM unnest($1::text[]) AS d, (VALUES ('prediction.latency_ms'), ('prediction.error')) AS s(name), generate_series(0, $4::int - 1) AS n`,
      [ids, from, step, PER_SERIES],
    );
    const seeded = DEPLOYMENTS * 2 * PER_SERIES;
    console.log(
      `Seeded ${seeded.toLocaleString("en")} points in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    await client.query(
      `INSERT INTO metric_dirty (deployment_id, name, from_ts, to_ts)
       SELECT d, s, to_timestamp($2::float8 / 1000), to_timestamp($3::float8 / 1000)
       FROM unnest($1::text[]) AS d, unnest(ARRAY['prediction.latency_ms', 'prediction.error']) AS s`,
      [ids, from, now],
    );
    t = performance.now();
    const { rollup } = await import("../lib/timeseries/store");
    for (;;) if ((await rollup(10)).ranges === 0) break;
    console.log(`Rolled up in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await client.query("ANALYZE");
    await client.end();

    const server = await startServer(testDb.url, { MODELGATE_JOBS: "off" });
    stop = server.stop;
    const auth = { Authorization: `Bearer ${token}` };
    const measure = async (label: string, url: string) => {
      const samples: number[] = [];
      for (let i = 0; i < RUNS + 5; i++) {
        const started = performance.now();
        const res = await fetch(url, { headers: auth });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${label}: HTTP ${res.status}`);
        if (i >= 5) samples.push(performance.now() - started);
      }
      line(label, samples);
    };
    console.log("");
    await measure(
      "30-day series, 200 buckets (hour rollups)",
      `${server.base}/api/v1/deployments/${ids[7]}/metrics?name=prediction.latency_ms&range=30d&buckets=200`,
    );
    await measure(
      "30-day series, 2000 buckets (minute rollups)",
      `${server.base}/api/v1/deployments/${ids[7]}/metrics?name=prediction.latency_ms&range=30d&buckets=2000`,
    );
    await measure(
      "24-hour series, 200 buckets (raw points)",
      `${server.base}/api/v1/deployments/${ids[7]}/metrics?name=prediction.latency_ms&range=24h&buckets=200`,
    );
    await measure(
      `7-day fleet (${DEPLOYMENTS} deployments)`,
      `${server.base}/api/v1/fleet?range=7d`,
    );
    console.log("Goals: single-series p95 <= 50 ms, fleet p95 <= 100 ms.");
  } finally {
    await stop?.();
    await testDb.drop();
  }
}
