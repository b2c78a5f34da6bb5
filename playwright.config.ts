import { defineConfig, devices } from "@playwright/test";
import { METRICS_TOKEN } from "./e2e/support/fixtures";
import { serverNodeFlags, serverStartArgs } from "./scripts/lib/server-flags";

// Browser and HTTP tests against a real `next start` on a free port, backed by the
// database scripts/test.ts provisioned (E2E_DATABASE_URL). Debian's Chromium, no download.

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL ?? "";

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  // Two cores run the server, PostgreSQL, the background jobs and two browsers at once.
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [["list"], ["json", { outputFile: "test-results/e2e.json" }]]
    : [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  globalSetup: "./e2e/support/global-setup.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-dev-shm-usage",
      ],
    },
  },
  projects: [
    { name: "api", testDir: "./e2e/api" },
    { name: "ui", testDir: "./e2e/ui", use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: {
    command: `node ${serverNodeFlags(process.env.MODELGATE_HEAP_MB).join(" ")} node_modules/next/dist/bin/next start ${serverStartArgs().join(" ")} -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
      NODE_ENV: "production",
      // The production build, but every API answer checked against its response schema.
      MODELGATE_VALIDATE_RESPONSES: "1",
      LOG_LEVEL: "warn",
      BCRYPT_COST: "4",
      // Throttling is tested on its own user; keep the limit above what other specs cause.
      LOGIN_MAX_FAILURES: "5",
      // /api/metrics closed to callers without it (e2e/api/security.spec.ts).
      METRICS_TOKEN,
      // Webhook receivers in the specs listen on this machine; nothing else internal is allowed.
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
      // Deployment repositories in the specs are bare repositories in a temporary folder.
      MODELGATE_GITOPS_ALLOW_LOCAL: "1",
    },
  },
});
