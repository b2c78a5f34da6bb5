import { db } from "@/lib/db";
import { transaction } from "@/lib/pg";
import type { Principal } from "@/lib/permissions";
import { rolloutPlan } from "@/lib/schemas/rollouts";
import { ingestPredictions } from "@/lib/services/ingest";
import { requestPromotion } from "@/lib/services/promotions/requests";
import { judgeDueStep } from "@/lib/services/rollouts";
import { normal, rng } from "./monitoring";

// A canary rollout that already happened, made by the services themselves: three days ago
// seattle-weather v3 went to the hybrid edge target as a two-step canary beside v2. Both
// versions served traffic (logged here as predictions); each step's verdict was computed by
// the rollout job on that traffic, and the last one made v3 the stable version.

const MINUTE = 60_000;
const DAY = 86_400_000;
const STEP_MINUTES = 30;
const PER_STEP = 400;

export async function seedRollout(editor: Principal, now: number, log: (m: string) => void) {
  const slug = "seattle-weather";
  const target = "edge-hybrid";
  const model = await db.model.findUniqueOrThrow({
    where: { slug },
    select: { latestVersion: true },
  });
  const request = await requestPromotion(editor, slug, model.latestVersion!, {
    target,
    reason: "Canary on the edge first: v3 beside v2 before it goes to production.",
    rollout: rolloutPlan.parse({
      strategy: "canary",
      steps: [
        { percent: 10, minutes: STEP_MINUTES },
        { percent: 50, minutes: STEP_MINUTES },
      ],
    }),
  });
  const rolloutId = request.rolloutId;
  if (!rolloutId) throw new Error("the demo canary did not start");
  // Both arms' traffic first, while the rollout's first step still ends half an hour from now,
  // so a live server's rollout job has nothing due to judge.
  const created = await db.rollout.findUniqueOrThrow({ where: { id: rolloutId } });
  const start = now - 3 * DAY;
  const r = rng(4242);
  for (let step = 0; step < 2; step++) {
    const from = start + step * STEP_MINUTES * MINUTE;
    const share = step === 0 ? 0.1 : 0.5;
    for (const [deploymentId, median, n] of [
      [created.stableId, 44, Math.round(PER_STEP * (1 - share))],
      [created.canaryId, 41, Math.round(PER_STEP * share) + 60],
    ] as const) {
      const records = Array.from({ length: n }, (_, i) => ({
        ts: new Date(from + ((i + 0.5) / n) * STEP_MINUTES * MINUTE).toISOString(),
        features: { precipitation: Math.max(0, 2 + 3 * normal(r)), temp_max: 14 + 6 * normal(r) },
        prediction: r() < 0.6 ? "sun" : "rain",
        latencyMs: Math.round(median * Math.exp(0.25 * normal(r)) * 10) / 10,
        ...(r() < 0.008 ? { error: "upstream timeout" } : {}),
      }));
      await transaction((c) => ingestPredictions(c, deploymentId, { records }));
    }
  }
  // Then, in one transaction (the job sees all of it or none): move the rollout's clock back
  // three days and let the job's own step logic judge each step when it ended.
  await db.$transaction(
    async (tx) => {
      await tx.rollout.update({
        where: { id: rolloutId },
        data: {
          stepStartedAt: new Date(start),
          stepEndsAt: new Date(start + STEP_MINUTES * MINUTE),
          createdAt: new Date(start),
        },
      });
      await tx.deployment.update({
        where: { id: created.canaryId },
        data: { activatedAt: new Date(start), createdAt: new Date(start) },
      });
      for (let step = 1; step <= 2; step++)
        await judgeDueStep(tx, rolloutId, new Date(start + step * STEP_MINUTES * MINUTE));
    },
    { timeout: 30_000 },
  );
  const done = await db.rollout.findUniqueOrThrow({ where: { id: rolloutId } });
  log(`Seeded a canary rollout of ${slug} on ${target}: ${done.state}.`);
}
