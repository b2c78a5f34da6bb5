import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { type EmbeddedDb, startEmbeddedDb } from "./embedded-db";
import { deployMigrations } from "./migrate";

// A throwaway, migrated database for a test run. Which server:
//   TEST_DATABASE_URL or DATABASE_URL when set; else PostgreSQL on 127.0.0.1:5432 when it
//   answers; else an in-memory embedded PGlite. On a real server a fresh database
//   `modelgate_test_<random>` is created and dropped afterwards, so runs never share data.
//   MODELGATE_TEST_DB=embedded forces the embedded database (to check that path).
// Guard: a database on another host is refused unless ALLOW_REMOTE_TEST_DB=1, so a test
// run can never wipe something that matters.

export interface TestDb {
  url: string;
  kind: "server" | "embedded";
  drop(): Promise<void>;
}

function reachable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    s.setTimeout(1000);
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
    s.once("timeout", () => {
      s.destroy();
      resolve(false);
    });
  });
}

export function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (
    !["127.0.0.1", "localhost", "::1", "[::1]"].includes(host) &&
    process.env.ALLOW_REMOTE_TEST_DB !== "1"
  ) {
    throw new Error(
      `Refusing to run tests against ${host}: tests create and drop databases. Set ALLOW_REMOTE_TEST_DB=1 if you mean it.`,
    );
  }
}

export async function provisionTestDb(log: (s: string) => void = () => {}): Promise<TestDb> {
  const forceEmbedded = process.env.MODELGATE_TEST_DB === "embedded";
  const configured = forceEmbedded
    ? undefined
    : (process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL);
  let adminUrl: string | null = configured ?? null;
  if (!adminUrl && !forceEmbedded && (await reachable(5432, "127.0.0.1"))) {
    adminUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
  }

  if (!adminUrl) {
    log("No PostgreSQL found: using an in-memory embedded database (PGlite).");
    const embedded: EmbeddedDb = await startEmbeddedDb({ inMemory: true, port: 55432 });
    await deployMigrations(embedded.url);
    return { url: embedded.url, kind: "embedded", drop: () => embedded.stop() };
  }

  assertLocal(adminUrl);
  const name = `modelgate_test_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  log(`Created test database ${name} on ${url.host}.`);
  await deployMigrations(url.toString());
  return {
    url: url.toString(),
    kind: "server",
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl! });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
