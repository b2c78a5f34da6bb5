import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { pruneIdempotencyKeys } from "@/lib/http/idempotency";
import { pruneRateLimits } from "@/lib/http/rate-limit";
import { log } from "@/lib/log";
import { expireStale } from "@/lib/services/promotions/requests";
import { applyRetention, rollup } from "@/lib/timeseries/store";

// Background work on a queue kept in PostgreSQL (pg-boss 10): safe with several app
// instances — a job is handed to one worker (SKIP LOCKED), a crashed worker's job is retried
// after it expires, and every queue here is a singleton queue, so no two instances run the
// same job at once. Periodic jobs come from pg-boss's cron (minute resolution, one
// instance fires) or, for the 15-second rollup, from a throttled send: however many
// instances tick, at most one job per window is queued.

export const queues = {
  rollup: "metrics-rollup",
  retention: "metrics-retention",
  housekeeping: "housekeeping",
} as const;

export type Handlers = Record<(typeof queues)[keyof typeof queues], () => Promise<unknown>>;

export const handlers: Handlers = {
  [queues.rollup]: async () => {
    let total = 0;
    // Drain: a burst of ingestion can leave more dirty ranges than one pass takes.
    for (let i = 0; i < 20; i++) {
      const { ranges } = await rollup(500);
      total += ranges;
      if (ranges < 500) break;
    }
    return { ranges: total };
  },
  [queues.retention]: async () => applyRetention(env().METRIC_RETENTION_DAYS),
  [queues.housekeeping]: async () => ({
    rateLimits: await pruneRateLimits(),
    idempotencyKeys: await pruneIdempotencyKeys(),
    expiredPromotions: await expireStale(),
  }),
};

const globalForJobs = globalThis as unknown as { modelgateJobs?: Promise<{ stop: () => Promise<void> }> };

export function startJobs(): Promise<{ stop: () => Promise<void> }> {
  globalForJobs.modelgateJobs ??= start();
  return globalForJobs.modelgateJobs;
}

async function start() {
  const boss = new PgBoss({ connectionString: env().DATABASE_URL, schema: "pgboss", max: 3, application_name: "modelgate-jobs" });
  boss.on("error", (e: Error) => log.error({ err: e.message }, "job queue error"));
  await boss.start();
  for (const name of Object.values(queues)) {
    await boss.createQueue(name, { name, policy: "singleton", retryLimit: 3, expireInSeconds: 300 });
    await boss.work(name, { pollingIntervalSeconds: 2 }, async () => {
      const started = performance.now();
      const result = await handlers[name]();
      log.debug({ job: name, ms: Math.round(performance.now() - started), result }, "job done");
      return result;
    });
  }
  await boss.schedule(queues.retention, "17 * * * *");
  await boss.schedule(queues.housekeeping, "*/10 * * * *");
  const tick = () => void boss.sendThrottled(queues.rollup, {}, {}, 15).catch((e: Error) => log.warn({ err: e.message }, "rollup tick failed"));
  tick();
  const timer = setInterval(tick, 15_000);
  timer.unref();
  log.info({ queues: Object.values(queues) }, "background jobs started");
  return {
    stop: async () => {
      clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
