import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployMigrations } from "./migrate";

// The migration that moved monitoring to endpoints (issue 16), on a database made before it:
// the demo's shape (a release that replaced v1 with v2 on production, a rule made for the old
// deployment, an alert left open on each deployment) upgraded in place.

const ADMIN_URL =
  process.env.MIGRATE_TEST_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const MIGRATION = "20261129191307_alerts_follow_the_endpoint";
const ROOT = path.resolve(import.meta.dirname, "../../prisma/migrations");

const name = `mg_migration_${process.pid}_${Date.now()}`;
const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
let before = "";

async function sql<T extends pg.QueryResultRow>(text: string, at = url) {
  const c = new pg.Client({ connectionString: at });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await sql(`CREATE DATABASE ${name}`, ADMIN_URL);
  // Every migration before this one, in a folder of their own.
  before = await mkdtemp(path.join(os.tmpdir(), "mg-migrations-"));
  for (const entry of await readdir(ROOT)) {
    if (entry === MIGRATION) continue;
    await cp(path.join(ROOT, entry), path.join(before, entry), { recursive: true });
  }
  await deployMigrations(url, { migrationsDir: before, log: () => {} });
  await sql(`
    INSERT INTO users (id, email, name, updated_at) VALUES ('u', 'u@x', 'U', now());
    INSERT INTO models (id, slug, name, updated_at) VALUES ('m', 'churn', 'Churn', now());
    INSERT INTO model_versions (id, model_id, version, artifact_uri, updated_at)
      VALUES ('v1', 'm', 1, 's3://1', now()), ('v2', 'm', 2, 's3://2', now());
    INSERT INTO deployment_targets (id, slug, name, kind, provider, environment, updated_at)
      VALUES ('t', 'prod', 'Prod', 'cloud', 'k8s', 'production', now());
    INSERT INTO deployments (id, model_id, version_id, target_id, status, activated_at, ended_at, updated_at)
      VALUES ('d1', 'm', 'v1', 't', 'superseded', now() - interval '2 days', now() - interval '1 day', now()),
             ('d2', 'm', 'v2', 't', 'active', now() - interval '1 day', NULL, now());
    INSERT INTO alert_rules (id, name, deployment_id, kind, metric, threshold, updated_at)
      VALUES ('r', 'p95 on d1', 'd1', 'metric', 'latency_ms', 100, now()),
             ('g', 'everywhere', NULL, 'metric', 'errors', 1, now());
    INSERT INTO alerts (id, rule_id, deployment_id, state, severity, started_at, updated_at)
      VALUES ('a-old', 'r', 'd1', 'firing', 'critical', now() - interval '30 hours', now()),
             ('a-new', 'r', 'd2', 'firing', 'critical', now() - interval '2 hours', now()),
             ('a-done', 'g', 'd1', 'resolved', 'warning', now() - interval '40 hours', now());
  `);
  await deployMigrations(url, { migrationsDir: ROOT, log: () => {} });
}, 120_000);

afterAll(async () => {
  await rm(before, { recursive: true, force: true });
  await sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, ADMIN_URL);
});

describe(`migration ${MIGRATION}`, () => {
  it("moves a rule made for a deployment to its endpoint, keeping the deployment for the record", async () => {
    expect(
      await sql(`SELECT id, model_id, target_id, deployment_id FROM alert_rules ORDER BY id`),
    ).toEqual([
      { id: "g", model_id: null, target_id: null, deployment_id: null },
      { id: "r", model_id: "m", target_id: "t", deployment_id: "d1" },
    ]);
  });

  it("keeps one open alert per rule and endpoint (the newest) and resolves the other, saying why", async () => {
    const rows = await sql<{ id: string; state: string; comment: string | null }>(
      `SELECT id, model_id, target_id, state, comment FROM alerts ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, r.state])).toEqual([
      ["a-done", "resolved"],
      ["a-new", "firing"],
      ["a-old", "resolved"],
    ]);
    expect(rows.every((r) => "model_id" in r && r["model_id" as keyof typeof r] === "m")).toBe(
      true,
    );
    expect(rows.find((r) => r.id === "a-old")!.comment).toContain("alert a-new stays open");
  });

  it("refuses a second open alert for the same rule and endpoint, and fills the endpoint of an insert that names only the deployment", async () => {
    await expect(
      sql(`INSERT INTO alerts (id, rule_id, deployment_id, state, severity, updated_at)
           VALUES ('a-dup', 'r', 'd1', 'firing', 'critical', now())`),
    ).rejects.toThrow(/alerts_one_open_per_rule_endpoint/);
    await sql(`INSERT INTO alerts (id, rule_id, deployment_id, state, severity, updated_at)
               VALUES ('a-g', 'g', 'd1', 'firing', 'info', now())`);
    expect(await sql(`SELECT model_id, target_id FROM alerts WHERE id = 'a-g'`)).toEqual([
      { model_id: "m", target_id: "t" },
    ]);
  });
});
