import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./lib/embedded-db";
import { assertLocal } from "./lib/test-db";

// CI's check of `npm run package`: copy dist/modelgate to a temporary folder and run it there
// the way docs/deploy.md says, with nothing from the checkout and an environment holding only
// PATH, DATABASE_URL and PORT:
//   1. node migrate.js on an empty database applies every migration; a second run applies none;
//   2. node server.js answers /api/health and serves the sign-in page with its static files;
//   3. node worker.js starts the background jobs and stops cleanly on SIGTERM.
// Exit 0 when all hold. The database is created on PostgreSQL (TEST_DATABASE_URL or
// 127.0.0.1:5432) and dropped afterwards.

const root = path.resolve(import.meta.dirname, "..");
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function fail(message: string): never {
  throw new Error(message);
}

function runNode(dir: string, script: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [script], { cwd: dir, env, encoding: "utf8" });
  if (r.status !== 0) fail(`node ${script} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Start a long-running script and collect its output. */
function start(dir: string, script: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [script], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { text: "" };
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (output.text += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (output.text += d));
  return { child, output };
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

async function main() {
  assertLocal(adminUrl);
  const dir = mkdtempSync(path.join(tmpdir(), "modelgate-package-"));
  cpSync(path.join(root, "dist", "modelgate"), dir, { recursive: true });
  const name = `modelgate_package_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const port = await freePort(3300);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    DATABASE_URL: url.toString(),
    PORT: String(port),
  } as unknown as NodeJS.ProcessEnv;
  const running: ChildProcess[] = [];
  try {
    const first = runNode(dir, "migrate.js", env);
    if (!/Applied \d+ migration/.test(first)) fail(`migrate.js applied nothing: ${first}`);
    const second = runNode(dir, "migrate.js", env);
    if (second.trim() !== "") fail(`a second migrate.js should apply nothing: ${second}`);
    console.log(`migrate.js: ${first.trim().split("\n").pop()} Again: nothing to apply.`);

    const server = start(dir, "server.js", env);
    running.push(server.child);
    const started = Date.now();
    const base = `http://127.0.0.1:${port}`;
    const health = await until("/api/health", 60_000, async () => {
      const res = await fetch(`${base}/api/health`);
      return res.ok ? ((await res.json()) as unknown) : null;
    });
    console.log(
      `server.js: /api/health ${JSON.stringify(health)} after ${Date.now() - started} ms`,
    );
    const login = await fetch(`${base}/login`);
    if (!login.ok) fail(`/login answered ${login.status}`);
    const asset = /\/_next\/static\/[^"']+\.js/.exec(await login.text())?.[0];
    if (!asset) fail("/login names no script under /_next/static");
    const script = await fetch(`${base}${asset}`);
    if (!script.ok) fail(`${asset} answered ${script.status}: static files are missing`);
    console.log(`server.js: /login and ${asset} served`);

    const worker = start(dir, "worker.js", { ...env, LOG_LEVEL: "info" });
    running.push(worker.child);
    await until("the worker's jobs", 60_000, async () =>
      worker.output.text.includes("background jobs started") ? true : null,
    );
    const code = await stop(worker.child);
    if (code !== 0) fail(`worker.js exited ${code} on SIGTERM:\n${worker.output.text}`);
    console.log("worker.js: jobs started, stopped on SIGTERM with exit 0");
    if (await stop(server.child)) console.log("server.js stopped");
    console.log(`The package runs on Node ${process.versions.node} with only DATABASE_URL.`);
  } finally {
    for (const c of running) if (c.exitCode === null) c.kill("SIGKILL");
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`Package check failed: ${(e as Error).message}`);
  process.exit(1);
});
