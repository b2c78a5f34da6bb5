import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { pruneRateLimits } from "@/lib/rate-limit";
import { log } from "@/lib/log";
import { expireStale } from "@/lib/services/promotions/requests";
import { evaluateAlerts } from "@/lib/services/alerts/evaluate";
import { processDeliveries } from "@/lib/services/delivery";
import { runConceptChecks } from "@/lib/services/concept";
import { runDriftChecks } from "@/lib/services/drift";
import { advanceRollouts } from "@/lib/services/rollouts";
import {
  pruneIdempotencyKeys,
  pruneLoginAttempts,
  prunePresence,
  pruneWebhookDeliveries,
} from "@/lib/services/housekeeping";
import { deliverDue, dispatchEvents } from "@/lib/services/webhooks";
import { applyRetention, drainRollups } from "@/lib/timeseries/store";

// Background work on a queue kept in PostgreSQL (pg-boss 10): safe with several app
// instances — a job is handed to one worker (SKIP LOCKED), a crashed worker's job is retried
// after it expires, and every queue here is a singleton queue, so no two instances run the
// same job at once. Periodic jobs come from pg-boss's cron (minute resolution, one
// instance fires) or, for the frequent ones (rollups every 15 s, alert evaluation every 30 s,
// webhook and gitops delivery and canary steps every 5 s), from a throttled send: however many
// instances tick, at most one job per window is queued. Concept drift detectors are fed every
// 30 s from the labels that arrived.

export const queues = {
  alerts: "alerts-evaluate",
  webhooks: "webhooks-deliver",
  gitops: "gitops-deliver",
  rollup: "metrics-rollup",
  drift: "drift-check",
  concept: "concept-drift",
  retention: "metrics-retention",
  housekeeping: "housekeeping",
  rollouts: "rollouts-advance",
} as const;

export type Handlers = Record<(typeof queues)[keyof typeof queues], () => Promise<unknown>>;

export const handlers: Handlers = {
  [queues.alerts]: async () => evaluateAlerts(),
  [queues.webhooks]: async () => {
    const dispatched = await dispatchEvents();
    return { dispatched, ...(await deliverDue()) };
  },
  [queues.gitops]: async () => processDeliveries(),
  [queues.rollup]: async () => drainRollups({ workers: env().ROLLUP_WORKERS }),
  [queues.drift]: async () => runDriftChecks(),
  [queues.concept]: async () => runConceptChecks(),
  [queues.rollouts]: async () => advanceRollouts(),
  [queues.retention]: async () => applyRetention(env().METRIC_RETENTION_DAYS),
  [queues.housekeeping]: async () => ({
    rateLimits: await pruneRateLimits(),
    idempotencyKeys: await pruneIdempotencyKeys(),
    loginAttempts: await pruneLoginAttempts(),
    presence: await prunePresence(),
    webhookDeliveries: await pruneWebhookDeliveries(),
    expiredPromotions: await expireStale(),
  }),
};

const globalForJobs = globalThis as unknown as {
  modelgateJobs?: Promise<{ stop: () => Promise<void> }>;
};

export function startJobs(): Promise<{ stop: () => Promise<void> }> {
  globalForJobs.modelgateJobs ??= start();
  return globalForJobs.modelgateJobs;
}

async function start() {
  const boss = new PgBoss({
    connectionString: env().DATABASE_URL,
    schema: "pgboss",
    max: 3,
    application_name: "modelgate-jobs",
  });
  boss.on("error", (e: Error) => log.error({ err: e.message }, "job queue error"));
  await boss.start();
  for (const name of Object.values(queues)) {
    await boss.createQueue(name, {
      name,
      policy: "singleton",
      retryLimit: 3,
      expireInSeconds: 300,
    });
    await boss.work(name, { pollingIntervalSeconds: 2 }, async () => {
      const started = performance.now();
      const result = await handlers[name]();
      log.debug({ job: name, ms: Math.round(performance.now() - started), result }, "job done");
      return result;
    });
  }
  await boss.schedule(queues.retention, "17 * * * *");
  await boss.schedule(queues.drift, "5 * * * *");
  await boss.schedule(queues.housekeeping, "*/10 * * * *");
  // Frequent jobs: every instance ticks, the throttle lets one job per window through.
  const every: [string, number][] = [
    [queues.rollup, 15],
    [queues.alerts, 30],
    [queues.concept, 30],
    [queues.webhooks, 5],
    [queues.rollouts, 5],
    [queues.gitops, 5],
  ];
  const timers = every.map(([name, seconds]) => {
    const tick = () =>
      void boss
        .sendThrottled(name, {}, {}, seconds)
        .catch((e: Error) => log.warn({ err: e.message, job: name }, "job tick failed"));
    tick();
    const timer = setInterval(tick, seconds * 1000);
    timer.unref();
    return timer;
  });
  log.info({ queues: Object.values(queues) }, "background jobs started");
  return {
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
