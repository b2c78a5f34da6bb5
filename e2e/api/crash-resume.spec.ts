import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { parsed } from "../support/api";
import { bearer, tokens } from "../support/fixtures";

// FAULT TEST (about a minute): a pipeline's `modelgate metrics push` of 400,000 points to
// instance A, A killed with SIGKILL mid-push (its whole process group: next start and its
// next-server child), the same push (same --idempotency-prefix) re-run at once against
// instance B on the same database. The re-run must succeed, and exactly 400,000 points are
// stored, none twice. Two extra `next start` instances on the two ports after E2E_PORT.

const repo = path.resolve(__dirname, "..", "..");
const bin = path.join(repo, "bin", "modelgate.mjs");
const basePort = Number(process.env.E2E_PORT ?? 3100);
const databaseUrl = process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL ?? "";
const POINTS = 400_000;

interface Instance {
  url: string;
  child: ChildProcess;
}

async function startInstance(port: number): Promise<Instance> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: repo,
      detached: true, // its own process group, so the kill reaches next-server too
      stdio: "ignore",
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NEXTAUTH_URL: url,
        NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        MODELGATE_JOBS: "off",
      },
    },
  );
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    if (child.exitCode !== null)
      throw new Error(`next start on ${port} exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

function push(url: string, file: string, deployment: string, prefix: string) {
  const child = spawn(
    process.execPath,
    [bin, "metrics", "push", "--deployment", deployment, "--idempotency-prefix", prefix, file],
    {
      cwd: repo,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        MODELGATE_URL: url,
        MODELGATE_TOKEN: tokens().editor,
        FORCE_COLOR: "0",
        XDG_CONFIG_HOME: tmpdir(),
      },
    },
  );
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (out += d));
  const done = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, out })),
  );
  return { child, done };
}

test("crash resume: a push re-run on another instance after SIGKILL mid-push stores every point exactly once", async ({
  request,
}) => {
  test.setTimeout(300_000);
  const deployments = await parsed(
    await request.get("/api/v1/deployments?status=active&model=seattle-weather", {
      headers: bearer("viewer"),
    }),
    deploymentEndpoints.list,
  );
  const deployment = deployments.items[0].id;
  const name = `crash_resume_${Date.now().toString(36)}`;
  const prefix = `crash-${name}`;
  const dir = mkdtempSync(path.join(tmpdir(), "modelgate-crash-"));
  const file = path.join(dir, "points.ndjson");
  const now = Date.now();
  const lines: string[] = new Array(POINTS);
  for (let i = 0; i < POINTS; i++)
    lines[i] = JSON.stringify({ name, value: i % 997, ts: new Date(now - i * 100).toISOString() });
  writeFileSync(file, `${lines.join("\n")}\n`);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const stored = async () =>
    (
      await db.query<{ n: number; distinct: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT ts)::int AS distinct FROM metric_points WHERE deployment_id = $1 AND name = $2`,
        [deployment, name],
      )
    ).rows[0];

  const [a, b] = await Promise.all([startInstance(basePort + 1), startInstance(basePort + 2)]);
  try {
    const first = push(a.url, file, deployment, prefix);
    // Mid-push: some batches are stored, others are in flight on A.
    while ((await stored()).n < 60_000) await new Promise((r) => setTimeout(r, 50));
    killGroup(a.child);
    killGroup(first.child); // the pipeline's step dies with it, and is re-run at once
    await first.done;
    const before = (await stored()).n;

    const started = Date.now();
    const second = push(b.url, file, deployment, prefix);
    const result = await second.done;
    const seconds = (Date.now() - started) / 1000;
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain(`Pushed 400,000 points to deployment ${deployment}`);

    const after = await stored();
    expect(after.n).toBe(POINTS);
    expect(after.distinct).toBe(POINTS);
    const open = await db.query(
      `SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE $1 AND status = 0`,
      [`${prefix}:%`],
    );
    expect(open.rows[0].n).toBe(0);
    console.log(
      `crash resume: ${before} points stored when A was killed; re-run on B took ${seconds.toFixed(1)} s; ${after.n} stored, ${after.distinct} distinct`,
    );
  } finally {
    killGroup(a.child);
    killGroup(b.child);
    await db.end();
    rmSync(dir, { recursive: true, force: true });
  }
});
