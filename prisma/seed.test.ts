import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createClient, type Db } from "@/lib/db";
import { provisionTestDb, type TestDb } from "../scripts/lib/test-db";

// `npm run db:seed` on a fresh database, as an operator would run it: checklist templates
// only, no account at all; `--demo` adds the demo and its users with published passwords.

/** A TypeScript script of the project, run by tsx against `databaseUrl`. */
const tsx = (script: string, args: string[], databaseUrl: string) =>
  spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", script, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });

function seed(
  args: string[],
  databaseUrl: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = tsx("prisma/seed.ts", args, databaseUrl);
    let stderr = "";
    child.stdout.resume();
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

let testDb: TestDb | undefined;
let client: Db | undefined;

afterEach(async () => {
  await client?.$disconnect();
  await testDb?.drop();
  client = testDb = undefined;
});

describe("npm run db:seed", () => {
  it(
    "seeds only the checklist templates without --demo: no user at all; --demo adds the demo users",
    { timeout: 180_000 },
    async () => {
      testDb = await provisionTestDb();
      client = createClient(testDb.url);

      const plain = await seed([], testDb.url);
      expect(plain.code, plain.stderr).toBe(0);
      expect(await client.checklistTemplate.count()).toBeGreaterThan(0);
      expect(await client.user.count()).toBe(0);
      expect(await client.model.count()).toBe(0);

      const demo = await seed(["--demo"], testDb.url);
      expect(demo.code, demo.stderr).toBe(0);
      const users = await client.user.findMany({
        select: { email: true },
        orderBy: { email: "asc" },
      });
      expect(users.map((u) => u.email)).toEqual([
        "admin@modelgate.dev",
        "approver@modelgate.dev",
        "editor@modelgate.dev",
        "viewer@modelgate.dev",
      ]);
    },
  );

  it(
    "the demo's canary rollout is the same beside a live server: its rollout job cannot judge a step halfway through the seed",
    { timeout: 240_000 },
    async () => {
      testDb = await provisionTestDb();
      client = createClient(testDb.url);
      // A server's rollout job runs while `db reset --demo` (or the browser suite's setup)
      // seeds: it must never see the demo's canary with its clock moved back but its traffic
      // not yet written, or it judges the step now, on partial traffic.
      const ticker = tsx("lib/testing/scripts/rollout-ticker.ts", [], testDb.url);
      let ticks = "";
      let failure = "";
      ticker.stdout.on("data", (d: Buffer) => (ticks += d.toString()));
      ticker.stderr.on("data", (d: Buffer) => (failure += d.toString()));
      const closed = new Promise<number | null>((r) => ticker.on("close", r));
      try {
        const demo = await seed(["--demo"], testDb.url);
        expect(demo.code, demo.stderr).toBe(0);
      } finally {
        ticker.kill("SIGTERM");
      }
      expect(await closed, failure).toBe(0);
      expect(ticks, "the job found nothing to judge").toBe("");

      const rollout = await client.rollout.findFirstOrThrow({
        include: { stable: true, canary: true },
      });
      const days = (d: Date | null) => (Date.now() - (d?.getTime() ?? Date.now())) / 86_400_000;
      expect(rollout.state).toBe("succeeded");
      expect(rollout.verdicts).toHaveLength(2);
      // Both steps were judged three days ago, on their own traffic; the old version left then.
      expect(days(rollout.endedAt)).toBeGreaterThan(2.9);
      expect(rollout.stable.status).toBe("superseded");
      expect(days(rollout.stable.endedAt)).toBeGreaterThan(2.9);
      expect(rollout.canary).toMatchObject({
        status: "active",
        canary: false,
        trafficPercent: 100,
      });
    },
  );

  it("refuses an unknown flag with exit code 2 and a usage line, before touching the database", async () => {
    const res = await seed(["--demo=yes", "--wipe"], "postgresql://nobody@127.0.0.1:1/nothing");
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/usage: npm run db:seed/);
  });
});
