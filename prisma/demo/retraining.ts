import { db } from "@/lib/db";
import type { RetrainingEvidence } from "@/lib/schemas/retraining";
import { CONCEPT_MODEL } from "./monitoring";

// The retraining loop in the demo, after the monitoring data: penguin-species's answers got
// worse five days ago with its inputs unchanged, so its concept drift detectors (run here as
// the job runs them) fire and open a retraining request under its policy; seattle-weather shows
// a loop already closed — v3 was trained because of the drift its inputs had two weeks ago.

const DAY = 86_400_000;

export async function seedRetraining(now = Date.now(), log: (m: string) => void = console.log) {
  const { runConceptChecks } = await import("@/lib/services/concept");
  const { setRetrainingPolicy } = await import("@/lib/services/retraining");
  const { systemActor } = await import("@/lib/services/audit");
  const policy = (slug: string) =>
    setRetrainingPolicy(systemActor, slug, {
      enabled: true,
      signals: ["concept_drift", "dataset_drift", "estimated_performance", "realized_performance"],
      cooldownHours: 24,
    });
  await policy(CONCEPT_MODEL);

  // The history: seattle-weather's inputs drifted on AWS production (days 14 to 10), and v3
  // answered the request that opened.
  const weather = await db.model.findUniqueOrThrow({
    where: { slug: "seattle-weather" },
    select: { id: true, versions: { orderBy: { version: "desc" }, take: 1, select: { id: true } } },
  });
  const prod = await db.deployment.findFirst({
    where: { modelId: weather.id, target: { slug: "aws-prod" }, status: "active" },
    select: {
      id: true,
      version: { select: { version: true } },
      target: { select: { name: true } },
    },
  });
  if (prod && weather.versions[0]) {
    const at = new Date(now - 13 * DAY);
    const evidence: RetrainingEvidence[] = [
      {
        signal: "dataset_drift",
        at: at.toISOString(),
        deploymentId: prod.id,
        target: prod.target.name,
        version: prod.version.version,
        summary: "3 of 4 features drifted (share 0.75, threshold 0.5)",
        figures: { share: 0.75, driftShare: 0.5 },
        features: ["temp_max", "temp_min", "wind"],
      },
    ];
    await db.retrainingRequest.create({
      data: {
        modelId: weather.id,
        deploymentId: prod.id,
        signal: "dataset_drift",
        evidence: evidence as object[],
        state: "closed",
        versionId: weather.versions[0].id,
        closedAt: new Date(now - 9 * DAY),
        createdAt: at,
      },
    });
  }

  // The detectors read labels a few seconds old: the seed's labels were written just now.
  const result = await runConceptChecks(new Date(Date.now() + 10_000));
  // seattle-weather's detectors saw its drift of two weeks ago too; v3 answered it already, so
  // its policy starts now, after its backlog was read.
  await policy("seattle-weather");
  const open = await db.retrainingRequest.count({ where: { state: "open" } });
  log(
    `Seeded the retraining loop: concept drift detected ${result.detected} times, ${open} request(s) open.`,
  );
}
