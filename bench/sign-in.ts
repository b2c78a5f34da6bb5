import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { provisionTestDb } from "../scripts/lib/test-db";

// 40 sign-ins at once, at the production bcrypt cost (BCRYPT_COST, default 12), while a
// 10 ms timer stands in for every other request: prints how long the event loop stalled.
// Forty distinct users, so the per-email brake lets every password be checked.

const PARALLEL = Number(process.env.BENCH_SIGNINS ?? 40);

export async function main() {
  const testDb = await provisionTestDb((s) => console.log(s));
  process.env.DATABASE_URL = testDb.url;
  try {
    const { db } = await import("../lib/db");
    const { hashPassword } = await import("../lib/passwords");
    const { signInWithPassword } = await import("../lib/services/sign-in");
    const hash = await hashPassword("the right password");
    const emails = Array.from({ length: PARALLEL }, (_, i) => `bench-${i}@example.com`);
    await db.user.createMany({
      data: emails.map((email) => ({
        email,
        name: email,
        role: "viewer" as const,
        passwordHash: hash,
      })),
    });
    await signInWithPassword(emails[0], "the right password"); // warm up the pools

    const histogram = monitorEventLoopDelay({ resolution: 10 });
    let last = performance.now();
    let maxGap = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last - 10);
      last = now;
    }, 10);
    histogram.enable();
    const started = performance.now();
    const results = await Promise.all(
      emails.map((e, i) => signInWithPassword(e, i % 2 ? "the right password" : "a wrong one")),
    );
    const elapsed = performance.now() - started;
    histogram.disable();
    clearInterval(tick);
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    console.log(
      `${PARALLEL} parallel sign-ins (cost ${hash.slice(4, 6)}): ${elapsed.toFixed(0)} ms in all, ${results.filter((r) => r.ok).length} succeeded`,
    );
    console.log(
      `event-loop lag: max ${maxGap.toFixed(1)} ms (timer), histogram p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms`,
    );
    await db.$disconnect();
  } finally {
    const { pool } = await import("../lib/pg");
    await pool().end();
    await testDb.drop();
  }
}
