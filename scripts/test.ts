import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { freePort } from "./lib/embedded-db";
import { provisionTestDb } from "./lib/test-db";

// `npm test`: the whole suite on any fresh machine.
//   1. provision a throwaway migrated database (see scripts/lib/test-db.ts);
//   2. Vitest: pure logic and services/routes against that database;
//   3. build the app, then Playwright (API over real HTTP, and the browser) against
//      `next start` on a second fresh database (each phase drops its own);
//   4. print one closing line with the totals.
// `--unit` runs only step 2; `--e2e` only step 3.

const args = new Set(process.argv.slice(2));
const runUnit = !args.has("--e2e");
const runE2e = !args.has("--unit");

function run(cmd: string[], env: Record<string, string>): number {
  const r = spawnSync(process.execPath, cmd, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function counts(
  file: string,
  pick: (j: Record<string, unknown>) => { passed: number; failed: number; skipped: number },
) {
  if (!existsSync(file)) return null;
  try {
    return pick(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return null;
  }
}

type Totals = { passed: number; failed: number; skipped: number };

/** Run one phase on a database of its own, dropped afterwards. */
async function withTestDb<T>(phase: (url: string) => T): Promise<T> {
  const db = await provisionTestDb((s) => console.log(s));
  try {
    return await phase(db.url);
  } finally {
    await db.drop().catch(() => {});
  }
}

function unitPhase(url: string): Totals | null {
  rmSync("test-results/vitest.json", { force: true });
  const code = run(
    [
      "node_modules/vitest/vitest.mjs",
      "run",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=test-results/vitest.json",
    ],
    { VITEST_DATABASE_URL: url, DATABASE_URL: url },
  );
  const c = counts("test-results/vitest.json", (j) => ({
    passed: Number(j.numPassedTests ?? 0),
    failed: Number(j.numFailedTests ?? 0),
    skipped: Number(j.numPendingTests ?? 0) + Number(j.numTodoTests ?? 0),
  }));
  return c && code !== 0 && c.failed === 0 ? { ...c, failed: 1 } : c;
}

async function e2ePhase(url: string): Promise<Totals | null> {
  if (!process.env.SKIP_BUILD) {
    console.log("Building the app for the browser tests …");
    const code = run(["node_modules/next/dist/bin/next", "build"], {
      DATABASE_URL: url,
      NODE_ENV: "production",
    });
    if (code !== 0) throw new Error("next build failed");
  }
  rmSync("test-results/e2e.json", { force: true });
  const port = await freePort(3100);
  const code = run(["node_modules/@playwright/test/cli.js", "test"], {
    E2E_DATABASE_URL: url,
    E2E_PORT: String(port),
  });
  const c = counts("test-results/e2e.json", (j) => {
    const s = j.stats as { expected: number; unexpected: number; flaky: number; skipped: number };
    return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
  });
  return c && code !== 0 && c.failed === 0 ? { ...c, failed: 1 } : c;
}

async function main() {
  let failed = false;
  const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  const add = (c: Totals | null) => {
    if (!c) failed = true;
    else for (const k of Object.keys(totals) as (keyof Totals)[]) totals[k] += c[k];
  };
  try {
    // Each phase gets a fresh database: the browser tests list every model, target and
    // deployment, and would otherwise page through the hundreds the unit tests leave (axe took
    // 142 s over the fleet page of 93 deployments).
    if (runUnit) add(await withTestDb(unitPhase));
    if (runE2e) add(await withTestDb(e2ePhase));
  } catch (e) {
    console.error((e as Error).message);
    failed = true;
  }
  console.log(
    `\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
  );
  process.exit(failed || totals.failed > 0 ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
