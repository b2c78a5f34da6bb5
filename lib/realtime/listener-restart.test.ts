import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Fault test: the realtime listener survives a restart of PostgreSQL. It runs against a
// throwaway cluster of its own (initdb + pg_ctl on a port of its own), never the machine's
// server; without the binaries or the postgres user it is skipped with a message.

const BIN = "/usr/lib/postgresql/15/bin";
const PORT = Number(process.env.LISTENER_TEST_PG_PORT ?? 3552);
const available = (() => {
  try {
    execFileSync("id", ["postgres"], { stdio: "ignore" });
    return existsSync(`${BIN}/initdb`) && existsSync(`${BIN}/pg_ctl`) && process.getuid?.() === 0;
  } catch {
    return false;
  }
})();
if (!available)
  console.warn(
    `listener.test.ts skipped: needs ${BIN}/initdb, pg_ctl, the postgres user and root (runuser)`,
  );

let dir = "";
const pgCtl = (...args: string[]) =>
  execFileSync("runuser", ["-u", "postgres", "--", `${BIN}/pg_ctl`, "-D", dir, ...args], {
    stdio: "ignore",
  });
const url = `postgres://postgres@127.0.0.1:${PORT}/postgres`;

async function notify(payload: object) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("SELECT pg_notify('listener_fault_test', $1)", [JSON.stringify(payload)]);
  } finally {
    await c.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!available)("realtime listener (own PostgreSQL cluster)", () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mg-listener-"));
    chownSync(
      dir,
      Number(execFileSync("id", ["-u", "postgres"]).toString()),
      Number(execFileSync("id", ["-g", "postgres"]).toString()),
    );
    execFileSync(
      "runuser",
      ["-u", "postgres", "--", `${BIN}/initdb`, "-D", dir, "-A", "trust", "-U", "postgres"],
      { stdio: "ignore" },
    );
    pgCtl(
      "-o",
      `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`,
      "-l",
      join(dir, "log"),
      "-w",
      "start",
    );
    process.env.DATABASE_URL = url;
  }, 60_000);

  afterAll(() => {
    if (!dir) return;
    try {
      pgCtl("-m", "immediate", "-w", "stop");
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("a subscription made before PostgreSQL went away gets the next change after it is back", async () => {
    const { subscribe } = await import("./listener");
    const seen: unknown[] = [];
    await subscribe("listener_fault_test", (p) => void seen.push(p));
    await notify({ n: 1 });
    while (seen.length < 1) await sleep(20);

    // Down for longer than a single quick retry would cover, then back.
    pgCtl("-m", "fast", "-w", "stop");
    await sleep(3_000);
    pgCtl(
      "-o",
      `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`,
      "-l",
      join(dir, "log"),
      "-w",
      "start",
    );

    // Notifications sent before the listener is back are lost by design (clients refetch);
    // keep sending until one arrives, bounded by the test's timeout.
    for (let i = 2; seen.length < 2 && i < 200; i++) {
      await notify({ n: i });
      await sleep(100);
    }
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[1]).toMatchObject({ n: expect.any(Number) });
  }, 60_000);
});
