import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// `npm start` on the embedded database (PGlite), the zero-setup demo: it must run its first
// minute without a single unhandled promise rejection (pg-boss used to log
// "unhandledRejection: TypeError: Cannot read properties of undefined (reading 'count')" or
// 'portal "" does not exist' when completing jobs there). About 90 s: a fresh data folder is
// migrated and seeded, then the server and its background jobs run for a minute.

const repo = path.resolve(__dirname, "..", "..");
const basePort = Number(process.env.E2E_PORT ?? 3100);
const OBSERVE_MS = 60_000;

test("npm start (embedded demo) runs its first minute without an unhandled rejection", async () => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "modelgate-demo-"));
  const port = basePort + 3;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    MODELGATE_DATA_DIR: dataDir,
    MODELGATE_EMBEDDED_PORT: String(basePort + 4),
    LOG_LEVEL: "info",
  };
  for (const k of ["DATABASE_URL", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "MODELGATE_JOBS", "NODE_ENV"])
    delete env[k];
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/start.ts"], {
    cwd: repo,
    env,
    detached: true, // the server, its next-server child and the embedded database in one group
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (output += d));
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  try {
    while (!output.includes("Modelgate is running")) {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // A few requests alongside the jobs, as a visitor of the demo would make.
    const until = Date.now() + OBSERVE_MS;
    while (Date.now() < until) {
      await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 2_000));
    }
  } finally {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(killer);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const rejections = output
    .split("\n")
    .filter((line) => /unhandled ?(promise )?rejection/i.test(line));
  expect(rejections, output.slice(-4000)).toEqual([]);
  expect(output).toContain("background jobs started");
});
