import type { TestProject } from "vitest/node";
import { provisionTestDb, type TestDb } from "../../scripts/lib/test-db";

// Vitest global setup: one migrated database for the whole run (created here unless the
// caller, scripts/test.ts, already made one and passed VITEST_DATABASE_URL), handed to the
// test files as DATABASE_URL. Tests make unique data rather than wiping tables.

let testDb: TestDb | null = null;

export async function setup(project: TestProject) {
  let url = process.env.VITEST_DATABASE_URL;
  if (!url) {
    testDb = await provisionTestDb((s) => console.log(s));
    url = testDb.url;
  }
  project.provide("databaseUrl", url);
  process.env.DATABASE_URL = url;
  // The default checklist, as a fresh installation has it.
  const { ensureDefaultTemplates } = await import("../services/checklist/templates");
  const { db } = await import("../db");
  await ensureDefaultTemplates();
  await db.$disconnect();
}

export async function teardown() {
  await testDb?.drop();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
