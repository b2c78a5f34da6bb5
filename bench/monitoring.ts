import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { provisionTestDb } from "../scripts/lib/test-db";
import { cpuSeconds, line, rssOfTree, summarize } from "./lib";
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

/** Batch `b` of 1,000 points, `spacingMs` apart from `t0` on (the sustained run packs them 1 ms apart, to stay in the past). */
function batchBody(b: number, t0: number, spacingMs = 10) {
  const points = new Array(BATCH);
  for (let i = 0; i < BATCH; i++) {
    points[i] = {
      name: `m${b % 20}`,
      value: (i * 7919) % 1000,
      ts: new Date(t0 + (b * BATCH + i) * spacingMs).toISOString(),
    };
  }
  return JSON.stringify({ points });
}

/** Mean milliseconds per request of each Server-Timing lap, over every answer seen. */
class Laps {
  private sums = new Map<string, number>();
  private n = 0;
  add(header: string | null) {
    if (!header) return;
    this.n++;
    for (const part of header.split(",")) {
      const m = /^\s*([a-z]+);dur=([\d.]+)/.exec(part);
      if (m) this.sums.set(m[1], (this.sums.get(m[1]) ?? 0) + Number(m[2]));
    }
  }
  print(clientMs: number) {
    if (!this.n) return;
    const rows = [...this.sums].map(([k, v]) => [k, v / this.n] as const);
    const server = rows.reduce((a, [, v]) => a + v, 0);
    console.log("Where a request's time goes (Server-Timing, mean ms per request):");
    for (const [k, v] of rows) console.log(`  ${k.padEnd(10)} ${v.toFixed(2).padStart(7)} ms`);
    console.log(
      `  ${"framework".padEnd(10)} ${(clientMs - server).toFixed(2).padStart(7)} ms  (client-seen latency minus the laps: HTTP, Next's router, queueing)`,
    );
  }
}

/** Run `clients` loops posting batches until `more()` says stop; returns latencies. */
async function load(
  url: string,
  headers: Record<string, string>,
  opts: {
    clients: number;
    next: () => string | null;
    laps: Laps;
    /** When the n-th request may leave (performance.now() ms); none: at once. */
    pace?: (n: number) => number;
  },
) {
  const latencies: number[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      for (let body = opts.next(); body !== null; body = opts.next()) {
        const wait = opts.pace ? opts.pace(sent++) - performance.now() : 0;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t = performance.now();
        const res = await fetch(url, { method: "POST", headers, body });
        if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        opts.laps.add(res.headers.get("server-timing"));
      }
    }),
  );
  return latencies;
}

/** Seconds until the rollup job has taken every dirty range (the rollups are current). */
async function rollupLag(client: pg.Client, limitSeconds = 600) {
  const started = performance.now();
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM metric_dirty`,
    );
    const seconds = (performance.now() - started) / 1000;
    if (rows[0].n === 0 || seconds > limitSeconds) return { seconds, left: rows[0].n };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The server's V8 heap, used of total (MiB), from its Prometheus metrics. */
async function heapOf(base: string) {
  const text = await (await fetch(`${base}/api/metrics`)).text();
  const mib = (name: string) =>
    (
      Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, "m").exec(text)?.[1] ?? NaN) /
      2 ** 20
    ).toFixed(0);
  return `heap ${mib("nodejs_heap_size_used_bytes")} of ${mib("nodejs_heap_size_total_bytes")} MiB, external ${mib("nodejs_external_memory_bytes")} MiB, server RSS ${mib("process_resident_memory_bytes")} MiB`;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en");
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");

export async function ingest() {
  const testDb = await provisionTestDb((s) => console.log(s));
  let stop: (() => Promise<void>) | null = null;
  try {
    const { ids, token } = await fixtures(testDb.url, 2);
    // Default settings: the rate limiter and the background jobs (rollups) are on.
    const profileDir = process.env.BENCH_CPU_PROF;
    const server = await startServer(
      testDb.url,
      { MODELGATE_SERVER_TIMING: "1" },
      profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    );
    stop = server.stop;
    const url = `${server.base}/api/v1/deployments/${ids[0]}/metrics`;
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const t0 = Date.now() - 3 * 3_600_000;
    const idleRss = rssOfTree(server.pid);
    // Warm up (JIT, pools, partitions) with a few batches on another series.
    for (let b = 0; b < 10; b++)
      await fetch(url, { method: "POST", headers, body: batchBody(b, t0 - 86_400_000) });
    const bodies = Array.from({ length: BATCHES }, (_, b) => batchBody(b, t0));
    let next = 0;
    const laps = new Laps();
    const cpuBefore = cpuSeconds(server.pid);
    const started = performance.now();
    const latencies = await load(url, headers, {
      clients: CLIENTS,
      next: () => (next < BATCHES ? bodies[next++] : null),
      laps,
    });
    const seconds = (performance.now() - started) / 1000;
    const total = BATCHES * BATCH;
    const httpRate = total / seconds;
    console.log("");
    line(`POST …/metrics, ${BATCH}-point batches, ${CLIENTS} clients`, latencies);
    console.log(
      `HTTP ingest: ${fmt(total)} points in ${seconds.toFixed(2)} s = ${fmt(httpRate)} points/s  (goal >= 100,000: ${verdict(httpRate >= 100_000)})`,
    );
    laps.print(latencies.reduce((a, b) => a + b, 0) / latencies.length);
    const cpuAfter = cpuSeconds(server.pid);
    const share = (k: keyof typeof cpuAfter) =>
      `${k} ${((cpuAfter[k] - cpuBefore[k]) / seconds).toFixed(2)} cores (${(((cpuAfter[k] - cpuBefore[k]) / total) * 1e6).toFixed(1)} µs/point)`;
    console.log(`CPU while ingesting: ${share("server")}, ${share("postgres")}, ${share("bench")}`);

    const client = new pg.Client({ connectionString: testDb.url });
    // Dropping the database at the end ends this connection: not an error worth crashing on
    // (it hid the error that ended the run).
    client.on("error", () => undefined);
    await client.connect();
    const lag = await rollupLag(client);
    console.log(
      `Rollups current ${lag.seconds.toFixed(1)} s after the last batch${lag.left ? ` (${lag.left} ranges still dirty)` : ""}  (goal < 30 s: ${verdict(lag.seconds < 30)})`,
    );

    // The same rows by COPY, straight into the partitioned table (another deployment id).
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
    const copyRate = total / copySeconds;
    console.log(
      `COPY (same rows): ${fmt(total)} points in ${copySeconds.toFixed(2)} s = ${fmt(copyRate)} points/s`,
    );
    const ratio = httpRate / copyRate;
    console.log(`HTTP / COPY = ${ratio.toFixed(2)}  (goal >= 0.40: ${verdict(ratio >= 0.4)})`);

    // Sustained: full rate for BENCH_SUSTAIN_SECONDS, the server's memory sampled throughout.
    const sustain = Number(process.env.BENCH_SUSTAIN_SECONDS ?? 300);
    if (sustain > 0) {
      const until = performance.now() + sustain * 1000;
      const tStart = Date.now() - 20 * 3_600_000;
      let b = 0;
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, rssOfTree(server.pid))), 1000);
      const sLaps = new Laps();
      const sStarted = performance.now();
      // Paced at BENCH_SUSTAIN_RATE points/s (default: the ingest goal, 100,000/s; 0: as fast as
      // it goes): batch b leaves no earlier than b batches' worth of time after the start.
      const rate = Number(process.env.BENCH_SUSTAIN_RATE ?? 100_000);
      const due = (n: number) => sStarted + (n * BATCH * 1000) / rate;
      const sLatencies = await load(url, headers, {
        clients: CLIENTS,
        next: () => (performance.now() < until ? batchBody(b++, tStart, 1) : null),
        laps: sLaps,
        pace: rate > 0 ? (n) => due(n) : undefined,
      });
      clearInterval(sampler);
      const sSeconds = (performance.now() - sStarted) / 1000;
      const points = sLatencies.length * BATCH;
      console.log("");
      line(`sustained ${sustain} s${rate > 0 ? ` at ${fmt(rate)} points/s` : ""}`, sLatencies);
      console.log(
        `Sustained: ${fmt(points)} points in ${sSeconds.toFixed(0)} s = ${fmt(points / sSeconds)} points/s`,
      );
      const sLag = await rollupLag(client);
      console.log(
        `Rollups current ${sLag.seconds.toFixed(1)} s after the sustained run${sLag.left ? ` (${sLag.left} ranges still dirty)` : ""}  (goal < 30 s: ${verdict(sLag.seconds < 30)})`,
      );
      const heapAtEnd = await heapOf(server.base);
      await new Promise((r) => setTimeout(r, 30_000));
      const after = rssOfTree(server.pid);
      console.log(
        `Server memory (RSS, app and its children): idle ${idleRss.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB (goal < 500: ${verdict(peak < 500)}), 30 s after ${after.toFixed(0)} MiB`,
      );
      console.log(`At the end of the run: ${heapAtEnd}; 30 s after: ${await heapOf(server.base)}`);
    }
    await client.end();
  } finally {
    await stop?.();
    await testDb.drop();
  }
}

/** Bytes on disk of the raw points (every daily partition) and of the rollups. */
async function diskUse(client: pg.Client) {
  const { rows } = await client.query<{ points: string; rollups: string }>(
    `SELECT (SELECT coalesce(sum(pg_total_relation_size(i.inhrelid)), 0) FROM pg_inherits i
             WHERE i.inhparent = 'metric_points'::regclass) AS points,
            pg_total_relation_size('metric_rollups') AS rollups`,
  );
  return { points: Number(rows[0].points), rollups: Number(rows[0].rollups) };
}

// query: the monitoring reads over 50 active deployments × 2 series over 30 days, at growing
// sizes (BENCH_SIZES, default 1M, 10M and 50M points): each level adds points to the same
// 30 days, rolls them up (throughput printed) and measures every read. Goals: single series
// p95 <= 50 ms (flat as data grows), 2,000 buckets p95 <= 100 ms, fleet p95 <= 100 ms, rollups
// >= 200,000 points/s.
export async function query() {
  const testDb = await provisionTestDb((s) => console.log(s));
  let stop: (() => Promise<void>) | null = null;
  try {
    const DEPLOYMENTS = 50;
    const SERIES = DEPLOYMENTS * 2;
    const sizes = (process.env.BENCH_SIZES ?? "1000000,10000000,50000000").split(",").map(Number);
    const { ids, token } = await fixtures(testDb.url, DEPLOYMENTS);
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    const now = Date.now();
    const from = now - 30 * 86_400_000;
    const { ensurePartitions, drainRollups } = await import("../lib/timeseries/store");
    await ensurePartitions(
      client,
      Array.from({ length: 32 }, (_, i) => from + i * 86_400_000),
    );
    const server = await startServer(testDb.url, { MODELGATE_JOBS: "off" });
    stop = server.stop;
    const auth = { Authorization: `Bearer ${token}` };
    const measure = async (label: string, url: string, goal?: number) => {
      const samples: number[] = [];
      for (let i = 0; i < RUNS + 5; i++) {
        const started = performance.now();
        const res = await fetch(url, { headers: auth });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${label}: HTTP ${res.status}`);
        if (i >= 5) samples.push(performance.now() - started);
      }
      const p95 = summarize(samples).p95;
      line(label, samples, goal ? `  goal p95 <= ${goal} ms: ${verdict(p95 <= goal)}` : "");
    };
    let stored = 0;
    for (const [level, size] of sizes.entries()) {
      const perSeries = Math.round((size - stored) / SERIES);
      const step = (30 * 86_400_000) / perSeries;
      let t = performance.now();
      // Each level's points fall between the earlier ones (a phase of its own, under a step).
      await client.query(
        `INSERT INTO metric_points (deployment_id, name, ts, value)
         SELECT d, s.name, to_timestamp(($2::float8 + $5::float8 + n * $3::float8) / 1000),
                CASE WHEN s.name = 'prediction.error' THEN (random() < 0.005)::int ELSE exp(3.3 + 0.35 * random()) END
         FROM unnest($1::text[]) AS d, (VALUES ('prediction.latency_ms'), ('prediction.error')) AS s(name), generate_series(0, $4::int - 1) AS n
         ON CONFLICT DO NOTHING`,
        [ids, from, step, perSeries, (level * 0.37 * step) % step],
      );
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM metric_points`);
      stored = Number(rows[0].n);
      console.log(
        `\n--- ${fmt(stored)} points (${fmt(stored / SERIES)} per series over 30 days), seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      await client.query(
        `INSERT INTO metric_dirty (deployment_id, name, from_ts, to_ts)
         SELECT d, s, to_timestamp($2::float8 / 1000), to_timestamp($3::float8 / 1000)
         FROM unnest($1::text[]) AS d, unnest(ARRAY['prediction.latency_ms', 'prediction.error']) AS s`,
        [ids, from, now],
      );
      // Every stored point is rolled up afresh at each level (as the issue's before-figure was
      // taken: 10M points rolled up from nothing), not a re-rollup replacing the last level's rows.
      await client.query("TRUNCATE metric_rollups");
      await client.query("CHECKPOINT");
      t = performance.now();
      let points = 0;
      // As the rollup job runs them: ROLLUP_WORKERS (default 3) connections, each on its own series.
      for (;;) {
        const r = await drainRollups({ workers: 3 });
        if (r.ranges === 0) break;
        points += r.points;
      }
      const rollupSeconds = (performance.now() - t) / 1000;
      console.log(
        `Rolled up (3 workers) ${fmt(points)} points in ${rollupSeconds.toFixed(1)} s = ${fmt(points / rollupSeconds)} points/s  (goal >= 200,000: ${verdict(points / rollupSeconds >= 200_000)})`,
      );
      await client.query("VACUUM ANALYZE metric_rollups");
      await client.query("ANALYZE metric_points");
      const disk = await diskUse(client);
      console.log(
        `Disk: raw points ${(disk.points / 2 ** 20).toFixed(0)} MiB (${(((disk.points / stored) * 1e6) / 2 ** 20).toFixed(1)} MiB per million points), rollups ${(disk.rollups / 2 ** 20).toFixed(0)} MiB`,
      );
      const d7 = `${server.base}/api/v1/deployments/${ids[7]}/metrics?name=prediction.latency_ms`;
      await measure("30-day series, 200 buckets (hour rollups)", `${d7}&range=30d&buckets=200`, 50);
      await measure(
        "30-day series, 2000 buckets (10-minute rollups)",
        `${d7}&range=30d&buckets=2000`,
        100,
      );
      await measure("24-hour series, 200 buckets (raw points)", `${d7}&range=24h&buckets=200`);
      await measure(
        `7-day fleet (${DEPLOYMENTS} deployments)`,
        `${server.base}/api/v1/fleet?range=7d`,
        100,
      );
    }
    await client.end();
  } finally {
    await stop?.();
    await testDb.drop();
  }
}
