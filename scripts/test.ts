import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { freePort } from "./lib/embedded-db";
import { provisionTestDb } from "./lib/test-db";

// `npm test`: the whole suite on any fresh machine.
//   1. provision a throwaway migrated database (see scripts/lib/test-db.ts);
//   2. Vitest: pure logic and services/routes against that database;
//   3. build the app, then Playwright (API over real HTTP, and the browser) against
//      `next start` on the same database;
//   4. drop the database and print one closing line with the totals.
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

async function main() {
  const db = await provisionTestDb((s) => console.log(s));
  let failed = false;
  const totals = { passed: 0, failed: 0, skipped: 0 };
  try {
    if (runUnit) {
      rmSync("test-results/vitest.json", { force: true });
      const code = run(
        [
          "node_modules/vitest/vitest.mjs",
          "run",
          "--reporter=default",
          "--reporter=json",
          "--outputFile.json=test-results/vitest.json",
        ],
        { VITEST_DATABASE_URL: db.url, DATABASE_URL: db.url },
      );
      failed ||= code !== 0;
      const c = counts("test-results/vitest.json", (j) => ({
        passed: Number(j.numPassedTests ?? 0),
        failed: Number(j.numFailedTests ?? 0),
        skipped: Number(j.numPendingTests ?? 0) + Number(j.numTodoTests ?? 0),
      }));
      if (c)
        Object.keys(totals).forEach(
          (k) => (totals[k as keyof typeof totals] += c[k as keyof typeof c]),
        );
      else failed = true;
    }
    if (runE2e) {
      if (!process.env.SKIP_BUILD) {
        console.log("Building the app for the browser tests …");
        const code = run(["node_modules/next/dist/bin/next", "build"], {
          DATABASE_URL: db.url,
          NODE_ENV: "production",
        });
        if (code !== 0) throw new Error("next build failed");
      }
      rmSync("test-results/e2e.json", { force: true });
      const port = await freePort(3100);
      const code = run(["node_modules/@playwright/test/cli.js", "test"], {
        E2E_DATABASE_URL: db.url,
        E2E_PORT: String(port),
      });
      failed ||= code !== 0;
      const c = counts("test-results/e2e.json", (j) => {
        const s = j.stats as {
          expected: number;
          unexpected: number;
          flaky: number;
          skipped: number;
        };
        return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
      });
      if (c)
        Object.keys(totals).forEach(
          (k) => (totals[k as keyof typeof totals] += c[k as keyof typeof c]),
        );
      else failed = true;
    }
  } catch (e) {
    console.error((e as Error).message);
    failed = true;
  } finally {
    await db.drop().catch(() => {});
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
