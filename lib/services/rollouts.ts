import { db, type Tx } from "@/lib/db";
import { Prisma, type RolloutState } from "@/lib/generated/prisma/client";
import { conflict, forbidden, notFound, unprocessable } from "@/lib/errors";
import { afterCursor, keyset } from "@/lib/pagination";
import { can, type Principal } from "@/lib/permissions";
import type { DeploymentDto } from "@/lib/schemas/promotions";
import type {
  CanaryPlan,
  RolloutAction,
  RolloutDto,
  RolloutVerdictDto,
} from "@/lib/schemas/rollouts";
import { analyseStep, type ArmSample, type StepVerdict } from "@/lib/stats/canary";
import { type Actor, actorOf, recordAudit, systemActor } from "./audit";
import { refreshProgress } from "./checklist/progress";
import { deploymentInclude, restage, serializeDeployment } from "./deployments";
import { enqueueDelivery } from "./delivery";
import { emitEvent } from "./events";
import { LATENCY_SERIES } from "./monitoring";
import { repinPending } from "./promotions/requests";

// Canary rollouts. An approved promotion that asked for a canary does not replace the stable
// deployment: the new version runs beside it as a second active deployment of the endpoint,
// marked `canary`, with the first step's share of traffic. At the end of each step the job
// compares the two over the step's window (lib/stats/canary.ts) and either moves to the next
// step, makes the canary the stable deployment (after the last), or rolls it back by itself.
// Each change is one transaction that locks the rollout row, so the job and a person pressing
// "abort" at the same moment produce one outcome; each writes its manifest commit to the
// delivery outbox in the same transaction.

const rolloutInclude = {
  canary: { include: deploymentInclude },
  stable: { include: deploymentInclude },
  promotion: { select: { id: true } },
} satisfies Prisma.RolloutInclude;

type RolloutRow = Prisma.RolloutGetPayload<{ include: typeof rolloutInclude }>;

interface StoredStep {
  percent: number;
  seconds: number;
}
type StoredAnalysis = CanaryPlan["analysis"];

const stepsOf = (r: { steps: unknown }) => r.steps as StoredStep[];
const verdictsOf = (r: { verdicts: unknown }) => r.verdicts as RolloutVerdictDto[];

export function serializeRollout(r: RolloutRow): RolloutDto {
  return {
    id: r.id,
    promotionId: r.promotionId,
    model: r.canary.model.slug,
    version: r.canary.version.version,
    stableVersion: r.stable.version.version,
    target: r.canary.target.slug,
    canaryId: r.canaryId,
    stableId: r.stableId,
    state: r.state,
    steps: stepsOf(r),
    analysis: r.analysis as StoredAnalysis,
    stepIndex: r.stepIndex,
    trafficPercent: r.canary.status === "active" ? r.canary.trafficPercent : 0,
    stepStartedAt: r.stepStartedAt.toISOString(),
    stepEndsAt: r.stepEndsAt?.toISOString() ?? null,
    extended: r.extended,
    verdicts: verdictsOf(r),
    endedAt: r.endedAt?.toISOString() ?? null,
    endReason: r.endReason,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const stepEnd = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

/**
 * Start a canary for an approved promotion, inside the deciding transaction: the new version
 * becomes an active canary deployment beside `stableId` (locked by the caller) with the first
 * step's traffic. Returns the canary deployment.
 */
export async function startCanary(
  tx: Tx,
  actor: Actor,
  input: {
    promotionId: string;
    modelId: string;
    versionId: string;
    targetId: string;
    stableId: string;
    plan: CanaryPlan;
    decidedUnder: Pick<Prisma.DeploymentCreateInput, "environment" | "requiredApprovals">;
  },
): Promise<DeploymentDto> {
  const now = new Date();
  const first = input.plan.steps[0];
  const canary = await tx.deployment.create({
    data: {
      modelId: input.modelId,
      versionId: input.versionId,
      targetId: input.targetId,
      promotionId: input.promotionId,
      status: "active",
      canary: true,
      trafficPercent: first.percent,
      deployedById: actor.userId,
      previousId: input.stableId,
      activatedAt: now,
      ...input.decidedUnder,
    },
  });
  await tx.deployment.update({
    where: { id: input.stableId },
    data: { trafficPercent: 100 - first.percent },
  });
  const rollout = await tx.rollout.create({
    data: {
      promotionId: input.promotionId,
      modelId: input.modelId,
      targetId: input.targetId,
      canaryId: canary.id,
      stableId: input.stableId,
      steps: input.plan.steps as unknown as Prisma.InputJsonValue,
      analysis: input.plan.analysis as unknown as Prisma.InputJsonValue,
      stepStartedAt: now,
      stepEndsAt: stepEnd(now, first.seconds),
    },
    include: rolloutInclude,
  });
  await restage(tx, input.versionId);
  await refreshProgress(tx, { versionIds: [input.versionId] });
  await enqueueDelivery(tx, {
    deploymentId: canary.id,
    reason: "canary_step",
    trafficPercent: first.percent,
  });
  const dto = serializeRollout(rollout);
  const deployment = serializeDeployment(rollout.canary);
  await recordAudit(tx, actor, {
    action: "rollout.start",
    entityType: "rollout",
    entityId: rollout.id,
    after: dto,
  });
  await emitEvent(
    tx,
    "deployment.activated",
    { type: "deployment", id: canary.id },
    { deployment, supersededId: null },
  );
  await emitEvent(tx, "rollout.started", { type: "rollout", id: rollout.id }, { rollout: dto });
  return deployment;
}

/** A rollout with both deployments, as it stands in this transaction. */
const readRollout = (tx: Tx, id: string) =>
  tx.rollout.findUniqueOrThrow({ where: { id }, include: rolloutInclude });

/** Lock a rollout for the rest of the transaction and read it. */
async function lockRollout(tx: Tx, id: string): Promise<RolloutRow> {
  const locked = await tx.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT id FROM rollouts WHERE id = ${id} FOR UPDATE`,
  );
  if (!locked.length) throw notFound("Rollout");
  return readRollout(tx, id);
}

/** Latency samples read per arm and step: the newest ones when a step saw more. */
const LATENCY_SAMPLES_MAX = 200_000;

type LatencySource = "predictions" | "metrics";

/**
 * What one deployment did over a window: the inputs of the step analysis. Requests, errors
 * and labels are counted from its logged predictions; latencies come from the same records
 * (one sample per request), or from the `latency_ms` series a server pushes itself.
 */
async function armSample(
  tx: Tx,
  deploymentId: string,
  { from, to, source }: { from: Date; to: Date; source: LatencySource },
) {
  // One after another: inside the transaction they share one connection anyway.
  const latency =
    source === "predictions"
      ? await tx.$queryRaw<{ value: number }[]>(Prisma.sql`
          SELECT latency_ms AS value FROM predictions
          WHERE deployment_id = ${deploymentId} AND ts >= ${from} AND ts < ${to} AND latency_ms IS NOT NULL
          ORDER BY ts DESC LIMIT ${LATENCY_SAMPLES_MAX}`)
      : await tx.$queryRaw<{ value: number }[]>(Prisma.sql`
          SELECT value FROM metric_points
          WHERE deployment_id = ${deploymentId} AND name = ${LATENCY_SERIES} AND ts >= ${from} AND ts < ${to}
          ORDER BY ts DESC LIMIT ${LATENCY_SAMPLES_MAX}`);
  const [counts] = await tx.$queryRaw<
    { requests: number; errors: number; labeled: number; correct: number }[]
  >(Prisma.sql`
    SELECT count(*)::int AS requests,
           count(*) FILTER (WHERE error IS NOT NULL)::int AS errors,
           count(*) FILTER (WHERE label IS NOT NULL)::int AS labeled,
           count(*) FILTER (WHERE label IS NOT NULL AND prediction::jsonb = label::jsonb)::int AS correct
    FROM predictions
    WHERE deployment_id = ${deploymentId} AND ts >= ${from} AND ts < ${to}`);
  return {
    latencies: Float64Array.from(latency, (r) => r.value),
    ...counts,
  } satisfies ArmSample;
}

/**
 * Per-request latencies from logged predictions when both arms logged some, else the
 * `latency_ms` series both servers push (the same source on both sides, or the test would
 * compare two different measurements).
 */
async function latencySource(tx: Tx, ids: string[], from: Date, to: Date): Promise<LatencySource> {
  const [logged] = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT count(DISTINCT deployment_id)::int AS n FROM predictions
    WHERE deployment_id IN (${Prisma.join(ids)}) AND ts >= ${from} AND ts < ${to} AND latency_ms IS NOT NULL`);
  if (logged.n === ids.length) return "predictions";
  const [pushed] = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT count(DISTINCT deployment_id)::int AS n FROM metric_points
    WHERE deployment_id IN (${Prisma.join(ids)}) AND name = ${LATENCY_SERIES} AND ts >= ${from} AND ts < ${to}`);
  return pushed.n === ids.length ? "metrics" : "predictions";
}

async function analyse(tx: Tx, r: RolloutRow, to: Date): Promise<StepVerdict> {
  const from = r.stepStartedAt;
  const source = await latencySource(tx, [r.stableId, r.canaryId], from, to);
  const stable = await armSample(tx, r.stableId, { from, to, source });
  const canary = await armSample(tx, r.canaryId, { from, to, source });
  const requirements = await tx.modelRequirements.findUnique({ where: { modelId: r.modelId } });
  const settings = r.analysis as StoredAnalysis;
  return analyseStep(
    stable,
    canary,
    {
      latencyP95Ms: requirements?.latencyP95Ms ?? null,
      maxErrorRate: requirements?.maxErrorRate ?? null,
      minAccuracy:
        requirements?.minMetricName === "accuracy" ? (requirements.minMetricValue ?? null) : null,
    },
    settings,
  );
}

const failedChecks = (v: StepVerdict) =>
  v.checks
    .filter((c) => c.outcome === "fail")
    .map((c) => c.reason)
    .join("; ");

async function saveVerdict(
  tx: Tx,
  r: RolloutRow,
  verdict: StepVerdict,
  { to, at, action }: { to: Date; at: Date; action: string },
) {
  const entry: RolloutVerdictDto = {
    step: r.stepIndex,
    percent: stepsOf(r)[r.stepIndex].percent,
    from: r.stepStartedAt.toISOString(),
    to: to.toISOString(),
    at: at.toISOString(),
    outcome: verdict.outcome,
    action,
    checks: verdict.checks,
  };
  await tx.rollout.update({
    where: { id: r.id },
    data: { verdicts: [...verdictsOf(r), entry] as unknown as Prisma.InputJsonValue },
  });
  return entry;
}

/** Give the canary the next step's traffic. */
async function nextStep(tx: Tx, actor: Actor, r: RolloutRow, now: Date) {
  const index = r.stepIndex + 1;
  const step = stepsOf(r)[index];
  await tx.deployment.update({ where: { id: r.canaryId }, data: { trafficPercent: step.percent } });
  await tx.deployment.update({
    where: { id: r.stableId },
    data: { trafficPercent: 100 - step.percent },
  });
  await tx.rollout.update({
    where: { id: r.id },
    data: {
      stepIndex: index,
      stepStartedAt: now,
      stepEndsAt: stepEnd(now, step.seconds),
      remainingMs: null,
      extended: false,
    },
  });
  await enqueueDelivery(tx, {
    deploymentId: r.canaryId,
    reason: "canary_step",
    trafficPercent: step.percent,
  });
  await recordAudit(tx, actor, {
    action: "rollout.step",
    entityType: "rollout",
    entityId: r.id,
    before: { stepIndex: r.stepIndex, trafficPercent: r.canary.trafficPercent },
    after: { stepIndex: index, trafficPercent: step.percent },
  });
  await emitEvent(
    tx,
    "rollout.step_passed",
    { type: "rollout", id: r.id },
    { rolloutId: r.id, step: r.stepIndex, next: { step: index, percent: step.percent } },
  );
}

/** The canary becomes the stable deployment at 100 %; the old stable one is superseded. */
async function complete(
  tx: Tx,
  actor: Actor,
  r: RolloutRow,
  { reason, now }: { reason: string; now: Date },
) {
  await tx.deployment.update({
    where: { id: r.stableId },
    data: {
      status: "superseded",
      trafficPercent: 0,
      endedAt: now,
      endReason: `superseded by version ${r.canary.version.version} after its canary rollout`,
    },
  });
  await tx.deployment.update({
    where: { id: r.canaryId },
    data: { canary: false, trafficPercent: 100 },
  });
  await tx.rollout.update({
    where: { id: r.id },
    data: {
      state: "succeeded",
      stepEndsAt: null,
      remainingMs: null,
      endedAt: now,
      endReason: reason,
    },
  });
  await restage(tx, r.canary.versionId);
  if (r.stable.versionId !== r.canary.versionId) await restage(tx, r.stable.versionId);
  await enqueueDelivery(tx, { deploymentId: r.canaryId, reason: "promote" });
  const after = await readRollout(tx, r.id);
  const dto = serializeRollout(after);
  await recordAudit(tx, actor, {
    action: "rollout.complete",
    entityType: "rollout",
    entityId: r.id,
    before: { state: r.state, stepIndex: r.stepIndex },
    after: { state: "succeeded", reason },
  });
  await emitEvent(tx, "rollout.completed", { type: "rollout", id: r.id }, { rollout: dto, reason });
  await emitEvent(
    tx,
    "deployment.activated",
    { type: "deployment", id: r.canaryId },
    {
      deployment: serializeDeployment(after.canary),
      supersededId: r.stableId,
    },
  );
}

/**
 * The canary goes: rolled back, the stable deployment takes all traffic again and its
 * manifest is committed. `failed` (the analysis decided) also raises a critical alert.
 */
async function rollBackCanary(
  tx: Tx,
  actor: Actor,
  r: RolloutRow,
  outcome: {
    reason: string;
    now: Date;
    state: Extract<RolloutState, "rolled_back" | "aborted">;
    verdict?: RolloutVerdictDto;
  },
) {
  const { reason, now } = outcome;
  await tx.deployment.update({
    where: { id: r.canaryId },
    data: {
      status: "rolled_back",
      trafficPercent: 0,
      endedAt: now,
      endReason: `rolled back: ${reason}`,
    },
  });
  await tx.deployment.update({ where: { id: r.stableId }, data: { trafficPercent: 100 } });
  await tx.rollout.update({
    where: { id: r.id },
    data: {
      state: outcome.state,
      stepEndsAt: null,
      remainingMs: null,
      endedAt: now,
      endReason: reason,
    },
  });
  await restage(tx, r.canary.versionId);
  await enqueueDelivery(tx, { deploymentId: r.stableId, reason: "rollback" });
  const after = await readRollout(tx, r.id);
  const dto = serializeRollout(after);
  await recordAudit(tx, actor, {
    action: outcome.state === "aborted" ? "rollout.abort" : "rollout.rollback",
    entityType: "rollout",
    entityId: r.id,
    before: { state: r.state, stepIndex: r.stepIndex },
    after: { state: outcome.state, reason },
  });
  await emitEvent(
    tx,
    "deployment.rolled_back",
    { type: "deployment", id: r.canaryId },
    {
      rolledBack: serializeDeployment(after.canary),
      active: serializeDeployment(after.stable),
      reason,
      emergency: false,
    },
  );
  if (outcome.state === "aborted") {
    await emitEvent(tx, "rollout.aborted", { type: "rollout", id: r.id }, { rollout: dto, reason });
    return;
  }
  await emitEvent(
    tx,
    "rollout.failed",
    { type: "rollout", id: r.id },
    { rollout: dto, reason, verdict: outcome.verdict ?? null },
  );
  const alertId = `al_${crypto.randomUUID()}`;
  await tx.alert.create({
    data: {
      id: alertId,
      ruleName: `Canary of version ${r.canary.version.version} failed its analysis`,
      // The shape every alert's condition has (lib/services/alerts/workflow.ts), plus the rollout.
      ruleCondition: {
        kind: "rollout",
        metric: null,
        aggregation: "avg",
        comparator: "gt",
        threshold: null,
        windowSeconds: stepsOf(r)[r.stepIndex].seconds,
        rolloutId: r.id,
        step: r.stepIndex,
      },
      modelId: r.modelId,
      targetId: r.targetId,
      deploymentId: r.canaryId,
      state: "firing",
      severity: "critical",
      firedAt: now,
      startedAt: now,
      comment: reason,
    },
  });
  await emitEvent(
    tx,
    "alert.firing",
    { type: "alert", id: alertId },
    {
      alertId,
      rule: {
        name: `Canary of version ${r.canary.version.version} failed its analysis`,
        kind: "rollout",
      },
      deploymentId: r.canaryId,
      severity: "critical",
      reason,
    },
  );
  // A critical alert on the model blocks its pending promotions; they re-pin now.
  await repinPending(tx, systemActor, { modelId: r.modelId });
}

/** Analyse one due step and act on the verdict. Null when the rollout was no longer due. */
function advanceOne(id: string, now: Date) {
  return db.$transaction((tx) => judgeDueStep(tx, id, now), { maxWait: 10_000, timeout: 30_000 });
}

/**
 * Inside the caller's transaction: lock the rollout and, when its step has ended by `now`,
 * judge the step on the traffic up to `now` and act on the verdict. The demo's seed writes a
 * past canary's history through it in one transaction, so a live server's job never sees the
 * history half-written.
 */
export async function judgeDueStep(tx: Tx, id: string, now: Date) {
  const r = await lockRollout(tx, id);
  if (r.state !== "running" || !r.stepEndsAt || r.stepEndsAt > now) return null;
  const steps = stepsOf(r);
  const verdict = await analyse(tx, r, now);
  const settings = r.analysis as StoredAnalysis;
  const last = r.stepIndex === steps.length - 1;
  const percent = steps[r.stepIndex].percent;
  const record = (action: string) => saveVerdict(tx, r, verdict, { to: now, at: now, action });
  const proceed = async (how: string) => {
    if (last) {
      await record(`${how}: version ${r.canary.version.version} is stable at 100 %`);
      await complete(tx, systemActor, r, { reason: `${how} at ${percent} %: promoted`, now });
      return "completed" as const;
    }
    await record(`${how}: next step, ${steps[r.stepIndex + 1].percent} %`);
    await nextStep(tx, systemActor, r, now);
    return "passed" as const;
  };
  const fail = async (why: string) => {
    const entry = await record(`rolled back: ${why}`);
    await rollBackCanary(tx, systemActor, r, {
      reason: `canary analysis at ${percent} %: ${why}`,
      now,
      state: "rolled_back",
      verdict: entry,
    });
    return "failed" as const;
  };

  if (verdict.outcome === "pass") return proceed("passed");
  if (verdict.outcome === "fail") return fail(failedChecks(verdict));
  if (!r.extended) {
    // Too few samples: wait the step's length again, judging the whole window then.
    await record("inconclusive: waiting one more step length");
    await tx.rollout.update({
      where: { id: r.id },
      data: { extended: true, stepEndsAt: stepEnd(now, steps[r.stepIndex].seconds) },
    });
    return "extended" as const;
  }
  return settings.onInconclusive === "promote"
    ? proceed("inconclusive twice, promoted as configured")
    : fail("still too few samples after waiting twice the step's length (fails safe)");
}

/** The job: every running rollout whose step has ended is analysed and moved on. */
export async function advanceRollouts(now = new Date()) {
  const due = await db.rollout.findMany({
    where: { state: "running", stepEndsAt: { lte: now } },
    select: { id: true },
    orderBy: { stepEndsAt: "asc" },
    take: 50,
  });
  const outcomes: Record<string, number> = {};
  for (const { id } of due) {
    const outcome = await advanceOne(id, now);
    if (outcome) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return outcomes;
}

/** Production rollouts are steered by approvers, staging ones by editors (as rollbacks are). */
function requireSteer(principal: Principal, r: RolloutRow) {
  const production = r.canary.target.environment === "production";
  if (!can(principal, production ? "approve" : "promote"))
    throw forbidden(
      production
        ? "Steering a rollout on a production target needs an approver."
        : "Steering a rollout needs an editor.",
    );
}

/** A person pauses, resumes, aborts (rolls back) or promotes a rollout at once. */
export async function actOnRollout(
  principal: Principal,
  id: string,
  action: RolloutAction,
  comment?: string,
): Promise<RolloutDto> {
  const actor = actorOf(principal);
  await db.$transaction(
    async (tx) => {
      const r = await lockRollout(tx, id);
      requireSteer(principal, r);
      const now = new Date();
      const open = r.state === "running" || r.state === "paused";
      if (!open)
        throw conflict(
          `This rollout has ended (${r.state.replace("_", " ")}); nothing to ${action}.`,
        );
      const by = `${actor.label}${comment ? `: ${comment}` : ""}`;
      if (action === "pause" || action === "resume") {
        const wanted = action === "pause" ? "running" : "paused";
        if (r.state !== wanted) throw conflict(`This rollout is ${r.state}; it cannot ${action}.`);
        const data =
          action === "pause"
            ? {
                state: "paused" as const,
                stepEndsAt: null,
                remainingMs: Math.max(
                  0,
                  (r.stepEndsAt?.getTime() ?? now.getTime()) - now.getTime(),
                ),
              }
            : {
                state: "running" as const,
                stepEndsAt: new Date(now.getTime() + (r.remainingMs ?? 0)),
                remainingMs: null,
              };
        await tx.rollout.update({ where: { id }, data });
        await recordAudit(tx, actor, {
          action: `rollout.${action}`,
          entityType: "rollout",
          entityId: id,
          before: { state: r.state },
          after: { state: data.state, comment: comment ?? null },
        });
        await emitEvent(
          tx,
          action === "pause" ? "rollout.paused" : "rollout.resumed",
          { type: "rollout", id },
          { rolloutId: id, by: actor.label, comment: comment ?? null },
        );
        return;
      }
      if (action === "abort") {
        await rollBackCanary(tx, actor, r, { reason: `aborted by ${by}`, now, state: "aborted" });
        return;
      }
      await complete(tx, actor, r, { reason: `promoted at once by ${by}`, now });
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
  return getRollout(id);
}

export async function getRollout(id: string): Promise<RolloutDto> {
  const row = await db.rollout.findUnique({ where: { id }, include: rolloutInclude });
  if (!row) throw notFound("Rollout");
  return serializeRollout(row);
}

export async function listRollouts(query: {
  model?: string;
  target?: string;
  deployment?: string;
  state?: RolloutState;
  limit: number;
  cursor?: string;
}) {
  const keys = keyset(query);
  const rows = await db.rollout.findMany({
    where: {
      ...(query.model ? { canary: { model: { slug: query.model } } } : {}),
      ...(query.target ? { target: { slug: query.target } } : {}),
      ...(query.deployment
        ? { OR: [{ canaryId: query.deployment }, { stableId: query.deployment }] }
        : {}),
      ...(query.state ? { state: query.state } : {}),
      ...afterCursor<Prisma.RolloutWhereInput>(keys.cursor, "createdAt"),
    },
    include: rolloutInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: keys.take,
  });
  const page = keys.page(rows, (r) => ({ v: r.createdAt.toISOString(), id: r.id }));
  return { items: page.items.map(serializeRollout), nextCursor: page.nextCursor };
}

/** The running or paused rollout of an endpoint, if any (it holds the endpoint). */
export async function openRolloutOn(tx: Tx, modelId: string, targetId: string) {
  return tx.rollout.findFirst({
    where: { modelId, targetId, state: { in: ["running", "paused"] } },
    select: { id: true },
  });
}

/** Refuse what a running canary would make ambiguous. */
export function rolloutHolds(id: string, what: string) {
  return conflict(
    `A canary rollout is running on this endpoint; ${what}. Promote or abort it first.`,
    { rolloutId: id },
  );
}

export const noStableToCompare = (target: string) =>
  unprocessable(
    `A canary needs a version already running on ${target} to compare with; promote this one all at once.`,
  );
