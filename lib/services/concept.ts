import { db, type Tx } from "@/lib/db";
import { Prisma, type TaskType } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import {
  DEFAULT_OPTIONS,
  type DetectorKind,
  type Signal as DetectorSignal,
  detectors,
  runDetector,
} from "@/lib/stats/concept";
import { resolveRange } from "@/lib/timeseries/downsample";
import { systemActor } from "./audit";
import { emitEvent } from "./events";
import { repinPending } from "./promotions/requests";
import { requestRetraining } from "./retraining";

// Concept drift: whether the link between inputs and outcomes changed. Each active deployment's
// labelled outcomes (wrong = 1, right = 0) feed three detectors (lib/stats/concept: DDM,
// Page-Hinkley, ADWIN) whose state lives in `concept_detectors`. The job reads the outcomes in
// the order their labels arrived (then by prediction time), after a cursor kept with the
// state, in the same transaction that saves it: a restart or a second instance continues the
// same detector, and no outcome is fed twice. Labels younger than a few seconds wait for the
// next pass, so a label written by a transaction that commits late is not skipped.
//
// A detected increase in the error rate records a signal, raises one `concept_drift` alert on
// the endpoint (until someone resolves it), sends `concept_drift.detected`, and asks the
// model's retraining policy.

export const DETECTOR_KINDS: DetectorKind[] = ["ddm", "page_hinkley", "adwin"];
export const detectorLabels: Record<DetectorKind, string> = {
  ddm: "DDM",
  page_hinkley: "Page-Hinkley",
  adwin: "ADWIN",
};

/** Outcomes fed per detector and pass; a backlog drains over the following passes. */
const BATCH = 20_000;
/** Labels this young wait: a transaction that labelled before them may not have committed. */
const SETTLE_MS = 5_000;
/** The error rate stored with a signal: over this many outcomes before it. */
const RECENT = 500;

interface Outcome {
  id: string;
  ts: Date;
  labeled_at: string;
  ts_text: string;
  wrong: boolean;
}

async function outcomesAfter(tx: Tx, deploymentId: string, kind: DetectorKind, before: Date) {
  return tx.$queryRaw<Outcome[]>(Prisma.sql`
    SELECT p.id, p.ts, p.labeled_at::text AS labeled_at, p.ts::text AS ts_text, (p.prediction <> p.label) AS wrong
    FROM predictions p
    LEFT JOIN concept_detectors d ON d.deployment_id = p.deployment_id AND d.kind = ${kind}
    WHERE p.deployment_id = ${deploymentId} AND p.label IS NOT NULL
      AND p.labeled_at < ${before}
      AND (d.cursor_at IS NULL OR (p.labeled_at, p.ts, p.id) > (d.cursor_at, d.cursor_ts, d.cursor_id))
    ORDER BY p.labeled_at, p.ts, p.id
    LIMIT ${BATCH}`);
}

/** The share wrong among the RECENT outcomes up to `index` of the batch. */
function recentRate(batch: Outcome[], index: number) {
  const from = Math.max(0, index - RECENT + 1);
  let wrong = 0;
  for (let i = from; i <= index; i++) if (batch[i].wrong) wrong++;
  return wrong / (index - from + 1);
}

interface Detected {
  kind: DetectorKind;
  signal: DetectorSignal;
  ts: Date;
  errorRate: number;
}

/** Feed one detector of one deployment; returns the drifts it detected. */
async function feed(tx: Tx, deploymentId: string, kind: DetectorKind, before: Date) {
  await tx.$executeRaw`
    INSERT INTO concept_detectors (deployment_id, kind, state, updated_at)
    VALUES (${deploymentId}, ${kind}, 'null'::jsonb, now()) ON CONFLICT DO NOTHING`;
  const [row] = await tx.$queryRaw<{ state: unknown; seen: number }[]>`
    SELECT state, seen FROM concept_detectors WHERE deployment_id = ${deploymentId} AND kind = ${kind} FOR UPDATE`;
  const batch = await outcomesAfter(tx, deploymentId, kind, before);
  if (batch.length === 0) return [];
  const { state, signals } = runDetector(
    kind,
    row.state,
    batch.map((o) => o.wrong),
    DEFAULT_OPTIONS[kind],
  );
  const last = batch[batch.length - 1];
  const detected: Detected[] = [];
  let level = "stable";
  for (const s of signals) {
    const at = s.index - row.seen;
    const outcome = batch[at];
    const errorRate = recentRate(batch, at);
    level = s.level;
    await tx.conceptSignal.create({
      data: {
        deploymentId,
        detector: kind,
        level: s.level,
        direction: s.direction ?? null,
        outcomeIndex: s.index,
        ts: outcome.ts,
        errorRate,
      },
    });
    if (s.level === "drift" && s.direction !== "down")
      detected.push({ kind, signal: s, ts: outcome.ts, errorRate });
  }
  await tx.$executeRaw`
    UPDATE concept_detectors SET state = ${JSON.stringify(state)}::jsonb, seen = ${row.seen + batch.length},
           level = ${signals.length ? level : "stable"}, error_rate = ${detectors[kind].errorRate(state)},
           cursor_at = ${last.labeled_at}::timestamp, cursor_ts = ${last.ts_text}::timestamp, cursor_id = ${last.id},
           updated_at = now()
    WHERE deployment_id = ${deploymentId} AND kind = ${kind}`;
  return detected;
}

/** The rule-less alert a detection raises: one open per endpoint. */
async function raiseAlert(
  tx: Tx,
  d: { modelId: string; targetId: string; deploymentId: string },
  first: Detected,
) {
  const open = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM alerts WHERE model_id = ${d.modelId} AND target_id = ${d.targetId} AND state <> 'resolved'
      AND rule_id IS NULL AND rule_condition->>'kind' = 'concept_drift' LIMIT 1`;
  if (open.length) return;
  const name = `Concept drift: ${detectorLabels[first.kind]} saw the error rate rise`;
  const alertId = `al_${crypto.randomUUID()}`;
  const now = new Date();
  await tx.alert.create({
    data: {
      id: alertId,
      ruleName: name,
      ruleCondition: {
        kind: "concept_drift",
        metric: null,
        aggregation: "avg",
        comparator: "gt",
        threshold: null,
        windowSeconds: 0,
        detector: first.kind,
        outcomeIndex: first.signal.index,
      },
      modelId: d.modelId,
      targetId: d.targetId,
      deploymentId: d.deploymentId,
      state: "firing",
      severity: "warning",
      value: first.errorRate,
      startedAt: now,
      firedAt: now,
      comment: `Detected at outcome ${first.signal.index + 1}, recent error rate ${(first.errorRate * 100).toFixed(1)} %`,
    },
  });
  await emitEvent(
    tx,
    "alert.firing",
    { type: "alert", id: alertId },
    {
      alertId,
      rule: { name, kind: "concept_drift" },
      deploymentId: d.deploymentId,
      severity: "warning",
      value: first.errorRate,
    },
  );
  await repinPending(tx, systemActor, { modelId: d.modelId });
}

/** Run every detector of one deployment over the outcomes that arrived since its last pass. */
export async function runConceptDetectors(deploymentId: string, now = new Date()) {
  return db.$transaction(
    async (tx) => {
      const d = await tx.deployment.findUnique({
        where: { id: deploymentId },
        select: {
          modelId: true,
          targetId: true,
          model: { select: { slug: true } },
          version: { select: { version: true } },
          target: { select: { slug: true } },
        },
      });
      if (!d) return { detected: 0 };
      const before = new Date(now.getTime() - SETTLE_MS);
      const detected: Detected[] = [];
      for (const kind of DETECTOR_KINDS)
        detected.push(...(await feed(tx, deploymentId, kind, before)));
      if (detected.length === 0) return { detected: 0 };
      // The newest detection speaks for the pass (a backlog may hold older ones).
      const latest = detected.reduce((a, b) => (b.ts > a.ts ? b : a));
      const names = [...new Set(detected.map((x) => detectorLabels[x.kind]))];
      await raiseAlert(tx, { modelId: d.modelId, targetId: d.targetId, deploymentId }, latest);
      for (const x of detected)
        await emitEvent(
          tx,
          "concept_drift.detected",
          { type: "deployment", id: deploymentId },
          {
            deploymentId,
            model: d.model.slug,
            version: d.version.version,
            target: d.target.slug,
            detector: x.kind,
            outcomeIndex: x.signal.index,
            at: x.ts.toISOString(),
            errorRate: x.errorRate,
          },
        );
      await requestRetraining(tx, {
        deploymentId,
        signal: "concept_drift",
        // When the outcome behind the detection happened: a backlog is dated by its data.
        at: latest.ts,
        now,
        summary: `${names.join(", ")} detected a rise of the error rate to ${(latest.errorRate * 100).toFixed(1)} % over the last ${RECENT} labelled outcomes`,
        figures: {
          detector: latest.kind,
          errorRate: latest.errorRate,
          outcomeIndex: latest.signal.index,
          detections: detected.length,
        },
      });
      return { detected: detected.length };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/**
 * Task types whose outcomes are not right or wrong (a forecast is off by an amount): the
 * detectors watch the others.
 */
const UNWATCHED: TaskType[] = ["regression", "forecasting"];

/** The job: every active deployment of a watched model that has labels. */
export async function runConceptChecks(now = new Date()) {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT d.id FROM deployments d JOIN models m ON m.id = d.model_id
    WHERE d.status = 'active' AND NOT (m.task_type::text = ANY(${UNWATCHED}))
      AND EXISTS (SELECT 1 FROM predictions p WHERE p.deployment_id = d.id AND p.label IS NOT NULL)`;
  let detected = 0;
  let failed = 0;
  for (const r of rows) {
    // One deployment that fails is logged and tried again next pass; the others go on.
    try {
      detected += (await runConceptDetectors(r.id, now)).detected;
    } catch (e) {
      failed++;
      log.warn({ deploymentId: r.id, err: (e as Error).message }, "concept drift check failed");
    }
  }
  return { deployments: rows.length, detected, failed };
}

/** What the deployment page draws: the labelled error rate over time, warnings and drifts marked. */
export async function conceptDrift(
  deploymentId: string,
  q: { from?: string; to?: string; range?: string },
) {
  const { from, to } = resolveRange({ range: "7d", ...q });
  const deployment = await db.deployment.findUnique({
    where: { id: deploymentId },
    select: { model: { select: { taskType: true } } },
  });
  if (!deployment) throw notFound(`Deployment "${deploymentId}"`);
  if (UNWATCHED.includes(deployment.model.taskType))
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucketSeconds: 60,
      note: `Concept drift is watched on right-or-wrong outcomes; a ${deployment.model.taskType} model's outcomes are not.`,
      series: [],
      signals: [],
      detectors: [],
    };
  // About 60 buckets over the range, a whole number of minutes each.
  const bucketSeconds = Math.max(60, Math.ceil((to - from) / 60_000 / 60) * 60);
  const [series, signals, states] = await Promise.all([
    db.$queryRaw<{ bucket: Date; count: number; wrong: number }[]>`
      SELECT date_bin(make_interval(secs => ${bucketSeconds}), ts, TIMESTAMP '2000-01-01') AS bucket,
             count(*)::int AS count, count(*) FILTER (WHERE prediction <> label)::int AS wrong
      FROM predictions
      WHERE deployment_id = ${deploymentId} AND label IS NOT NULL
        AND ts >= ${new Date(from)} AND ts < ${new Date(to)}
      GROUP BY 1 ORDER BY 1`,
    db.conceptSignal.findMany({
      where: { deploymentId, ts: { gte: new Date(from), lt: new Date(to) } },
      orderBy: { ts: "asc" },
      take: 500,
    }),
    db.conceptDetector.findMany({ where: { deploymentId } }),
  ]);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bucketSeconds,
    note: null,
    series: series.map((b) => ({
      ts: b.bucket.toISOString(),
      count: b.count,
      errorRate: b.count ? b.wrong / b.count : null,
    })),
    signals: signals.map((s) => ({
      detector: s.detector as DetectorKind,
      level: s.level as "warning" | "drift",
      direction: (s.direction ?? null) as "up" | "down" | null,
      outcomeIndex: s.outcomeIndex,
      ts: s.ts.toISOString(),
      errorRate: s.errorRate,
    })),
    detectors: DETECTOR_KINDS.map((kind) => {
      const s = states.find((x) => x.kind === kind);
      return {
        kind,
        level: (s?.level ?? "stable") as "stable" | "warning" | "drift",
        seen: s?.seen ?? 0,
        errorRate: s?.errorRate ?? null,
        updatedAt: s?.updatedAt.toISOString() ?? null,
      };
    }),
  };
}
