import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigration, deployMigrations } from "./migrate";

// Integration test of the wasm-engine migration tool against a real PostgreSQL server
// (127.0.0.1:5432 unless MIGRATE_TEST_ADMIN_URL says otherwise). It creates two throwaway
// databases and a temporary project folder, and removes them all afterwards. Skipped when
// no server answers.

const ADMIN_URL =
  process.env.MIGRATE_TEST_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

// A semicolon inside a default, and a partial index (a preview feature): both once went wrong.
const SCHEMA = `generator client {
  provider        = "prisma-client"
  output          = "./generated"
  previewFeatures = ["partialIndexes"]
}

datasource db {
  provider = "postgresql"
}

model Gadget {
  id        Int      @id @default(autoincrement())
  name      String   @unique
  note      String   @default("semi;colon")
  createdAt DateTime @default(now())

  @@index([createdAt], map: "gadget_noted", where: raw("note <> ''"))
}
`;

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const withAdmin = <T>(fn: (c: pg.Client) => Promise<T>) => withClient(ADMIN_URL, fn);
const serverUp = await withAdmin(async () => true).catch(() => false);

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

describe.skipIf(!serverUp)("migrate (wasm schema engine)", () => {
  const suffix = randomBytes(4).toString("hex");
  const devDb = `migrate_test_${suffix}_dev`;
  const freshDb = `migrate_test_${suffix}_fresh`;
  const logs: string[] = [];
  const log = (s: string) => logs.push(s);
  let dir = "";
  let schemaPath = "";
  let migrationsDir = "";
  let folder: string | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "migrate-test-"));
    schemaPath = path.join(dir, "schema.prisma");
    migrationsDir = path.join(dir, "migrations");
    await writeFile(schemaPath, SCHEMA);
    await mkdir(migrationsDir);
    await withAdmin(async (c) => {
      await c.query(`CREATE DATABASE ${devDb}`);
      await c.query(`CREATE DATABASE ${freshDb}`);
    });
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    if (!serverUp) return;
    await withAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${devDb} WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS ${freshDb} WITH (FORCE)`);
    });
  });

  it("creates a migration from the schema and applies it", async () => {
    folder = await createMigration(urlFor(devDb), "init", { schemaPath, migrationsDir, log });
    expect(folder).toMatch(/^\d{14}_init$/);

    const sql = await readFile(path.join(migrationsDir, folder!, "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "Gadget"');
    expect(sql).toContain(`DEFAULT 'semi;colon'`);
    expect(sql).toMatch(/CREATE INDEX "gadget_noted" .* WHERE/);
    expect(await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toContain(
      'provider = "postgresql"',
    );
    expect(logs).toContain(`Applied migration ${folder}`);

    // Applied: the table takes rows, with the default that contains a semicolon intact.
    const { rows } = await withClient(urlFor(devDb), (c) =>
      c.query<{ note: string }>(`INSERT INTO "Gadget" (name) VALUES ('a') RETURNING note`),
    );
    expect(rows[0]?.note).toBe("semi;colon");
  });

  it("creates nothing when the schema is in sync", async () => {
    expect(
      await createMigration(urlFor(devDb), "again", { schemaPath, migrationsDir, log }),
    ).toBeNull();
    expect((await readdir(migrationsDir)).filter((f) => f !== "migration_lock.toml")).toEqual([
      folder,
    ]);
  });

  it("deploys the migrations to a fresh database, once", async () => {
    expect(await deployMigrations(urlFor(freshDb), { migrationsDir, log })).toEqual([folder]);
    expect(await deployMigrations(urlFor(freshDb), { migrationsDir, log })).toEqual([]);
  });

  it("leaves no shadow database behind", async () => {
    const { rows } = await withAdmin((c) =>
      c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
        `migrate_test_${suffix}%_shadow_%`,
      ]),
    );
    expect(rows).toEqual([]);
  });

  it("refuses an unreachable database clearly", async () => {
    await expect(
      deployMigrations("postgresql://postgres@127.0.0.1:1/nowhere", { migrationsDir, log }),
    ).rejects.toThrow(/Cannot reach PostgreSQL at 127\.0\.0\.1:1/);
    expect(existsSync(migrationsDir)).toBe(true);
  });
});
