import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { encode } from "next-auth/jwt";
import { freePort, waitForPort } from "../scripts/lib/embedded-db";
import { provisionTestDb } from "../scripts/lib/test-db";
import { goal, line } from "./lib";

// `npm run bench -- inventory`: the inventory at scale, over real HTTP.
//   1. a scratch database with 10,000 models, 50,000 versions and 230,000 checklist items (bulk SQL);
//   2. `next start` on it (building first if there is no build);
//   3. p50/p95 of GET /api/v1/models?limit=50 plain, with a search term, and with filters;
//   4. server time to render /models (time to the last byte of the HTML) for a signed-in user.
// Goals (issues 3 and 17): API p95 <= 50 ms, page render p95 <= 200 ms on the 2-core machine;
// each figure is printed with its goal, met or NOT met.

const MODELS = Number(process.env.BENCH_MODELS ?? 10_000);
const VERSIONS_PER_MODEL = Number(process.env.BENCH_VERSIONS_PER_MODEL ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const SECRET = "bench-secret-bench-secret-bench-secret";
const API_GOAL_MS = 50;
const PAGE_GOAL_MS = 200;

async function seed(url: string) {
  process.env.DATABASE_URL = url;
  const { db } = await import("../lib/db");
  const { Prisma } = await import("../lib/generated/prisma/client");
  const owner = await db.user.create({
    data: { email: "bench@modelgate.dev", name: "Bench", role: "admin" },
  });
  const t0 = performance.now();
  // Bulk inserts in SQL: generate_series keeps 60,000 rows to a few statements.
  await db.$executeRaw(Prisma.sql`
    INSERT INTO models (id, slug, name, description, owner_id, task_type, framework, tags, risk_level, latest_version, latest_stage, updated_at)
    SELECT 'bm' || n, 'model-' || n, 'Model ' || n || ' ' || (ARRAY['churn','fraud','pricing','vision','ranking'])[1 + n % 5],
           'Benchmark model number ' || n, ${owner.id},
           (ARRAY['classification','regression','ranking','nlp','vision']::"TaskType"[])[1 + n % 5],
           (ARRAY['xgboost','pytorch','sklearn','lightgbm'])[1 + n % 4],
           ARRAY[(ARRAY['tabular','vision','nlp','fraud','edge'])[1 + n % 5], (ARRAY['tabular','vision','nlp','fraud','edge'])[1 + (n * 7) % 5]],
           (ARRAY['low','medium','high','critical']::"RiskLevel"[])[1 + n % 4],
           ${VERSIONS_PER_MODEL}, (ARRAY['development','staging','production']::"VersionStage"[])[1 + n % 3],
           now() - (n || ' minutes')::interval
    FROM generate_series(1, ${MODELS}) AS n`);
  await db.$executeRaw(Prisma.sql`
    INSERT INTO model_versions (id, model_id, version, artifact_uri, eval_metrics, stage, updated_at)
    SELECT 'bv' || n || '-' || v, 'bm' || n, v, 's3://bench/' || n || '/' || v, jsonb_build_object('accuracy', 0.7 + (n % 30) / 100.0),
           (CASE WHEN v = ${VERSIONS_PER_MODEL} THEN (ARRAY['development','staging','production'])[1 + n % 3] ELSE 'archived' END)::"VersionStage", now()
    FROM generate_series(1, ${MODELS}) AS n, generate_series(1, ${VERSIONS_PER_MODEL}) AS v`);
  // The newest version of each model carries the default checklist (23 items), a third ticked.
  const { ensureDefaultTemplates } = await import("../lib/services/checklist/templates");
  await ensureDefaultTemplates();
  await db.$executeRaw(Prisma.sql`
    INSERT INTO checklist_items (id, version_id, stage, key, title, description, required, position, evidence_rule, checked, updated_at)
    SELECT 'bi' || n || '-' || t.key, 'bv' || n || '-' || ${VERSIONS_PER_MODEL}, t.stage, t.key, t.title, t.description, t.required, t.position,
           t.evidence_rule, (n + t.position) % 3 = 0, now()
    FROM generate_series(1, ${MODELS}) AS n, checklist_templates t WHERE t.active`);
  // The stored checklist progress, as the services keep it (counted from the items and the
  // evidence), so the list reads what it reads in a running installation.
  const { refreshProgress } = await import("../lib/services/checklist/progress");
  for (let from = 1; from <= MODELS; from += 1000) {
    const ids = [];
    for (let n = from; n < Math.min(from + 1000, MODELS + 1); n++) {
      for (let v = 1; v <= VERSIONS_PER_MODEL; v++) ids.push(`bv${n}-${v}`);
    }
    await refreshProgress(db, { versionIds: ids });
  }
  await db.$executeRaw(Prisma.sql`ANALYZE`);
  console.log(
    `Seeded ${MODELS} models, ${MODELS * VERSIONS_PER_MODEL} versions and their newest versions' checklists in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const { createToken } = await import("../lib/services/tokens");
  const token = await createToken(
    { user: { id: owner.id, email: owner.email, name: owner.name, role: "admin" } },
    { name: "bench", scopes: ["read"] },
  );
  await db.$disconnect();
  return { token: token.token, userId: owner.id };
}

async function measure(
  label: string,
  url: string,
  { headers, goalMs }: { headers: Record<string, string>; goalMs: number },
) {
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${label}: HTTP ${res.status}`);
    if (i >= 5) samples.push(performance.now() - t); // first five warm the server up
  }
  line(label, samples, goal(samples, goalMs));
}

async function main() {
  const testDb = await provisionTestDb((s) => console.log(s));
  let server: ChildProcess | null = null;
  try {
    const { token, userId } = await seed(testDb.url);
    if (!existsSync(".next/BUILD_ID")) {
      console.log("No build: running next build …");
      const b = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
        stdio: "inherit",
        env: { ...process.env, DATABASE_URL: testDb.url },
      });
      if (b.status !== 0) throw new Error("next build failed");
    }
    const port = await freePort(3400);
    const base = `http://127.0.0.1:${port}`;
    server = spawn(
      process.execPath,
      ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
      {
        stdio: "ignore",
        env: {
          ...process.env,
          DATABASE_URL: testDb.url,
          NEXTAUTH_SECRET: SECRET,
          NEXTAUTH_URL: base,
          NODE_ENV: "production",
          LOG_LEVEL: "warn",
        },
      },
    );
    await waitForPort(port, 60_000);
    const auth = { headers: { Authorization: `Bearer ${token}` }, goalMs: API_GOAL_MS };
    console.log("");
    await measure("GET /api/v1/models?limit=50", `${base}/api/v1/models?limit=50`, auth);
    await measure(
      "GET /api/v1/models?limit=50&q=fraud",
      `${base}/api/v1/models?limit=50&q=fraud`,
      auth,
    );
    await measure(
      "GET /api/v1/models?limit=50&q=model 4242",
      `${base}/api/v1/models?limit=50&q=model%204242`,
      auth,
    );
    await measure(
      "GET …?limit=50&stage=production&risk=high&task=ranking",
      `${base}/api/v1/models?limit=50&stage=production&risk=high&task=ranking`,
      auth,
    );
    await measure(
      "GET …?limit=50&tag=fraud&sort=name",
      `${base}/api/v1/models?limit=50&tag=fraud&sort=name`,
      auth,
    );
    const session = await encode({
      token: { sub: userId, name: "Bench", email: "bench@modelgate.dev" },
      secret: SECRET,
    });
    const cookie = {
      headers: { Cookie: `next-auth.session-token=${session}` },
      goalMs: PAGE_GOAL_MS,
    };
    await measure("render /models (HTML, signed in)", `${base}/models`, cookie);
    await measure(
      "render /models?q=fraud&stage=staging",
      `${base}/models?q=fraud&stage=staging`,
      cookie,
    );
  } finally {
    server?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await testDb.drop();
  }
}

export { main };
