import { db, type Tx } from "@/lib/db";
import {
  Prisma,
  type DeploymentStatus,
  type TargetEnvironment,
} from "@/lib/generated/prisma/client";
import { conflict, forbidden, invalidField, notFound, unprocessable } from "@/lib/errors";
import { afterCursor, keyset } from "@/lib/pagination";
import { can, type Principal } from "@/lib/permissions";
import { type DeploymentDto, EMERGENCY_REASON_MIN, type Gate } from "@/lib/schemas/promotions";
import { type Actor, actorOf, recordAudit } from "./audit";
import { refreshProgress } from "./checklist/progress";
import { deliverySummarySelect, enqueueDelivery, serializeDeliverySummary } from "./delivery";
import { emitEvent } from "./events";
import { gateFailed } from "./promotions/gate-failed";
import {
  alertGate,
  blockingFailures,
  criticalAlertsOf,
  evaluate,
  type GateTarget,
} from "./promotions/gates";

// Deployments: what runs where. Activation and rollback happen inside one transaction that
// locks the target's active row, so the previous deployment is superseded and the new one
// becomes active together, exactly once; the partial unique index on (model, target) WHERE
// status = 'active' is the database's own guarantee behind the lock.

export const deploymentInclude = {
  model: { select: { slug: true, name: true } },
  version: { select: { version: true } },
  target: { select: { slug: true, name: true, environment: true } },
  deployedBy: { select: { id: true, name: true, email: true } },
  canaryOf: { select: { id: true } },
  // The latest manifest commit, for gitops targets (lib/services/delivery.ts).
  deliveries: { orderBy: { seq: "desc" }, take: 1, select: deliverySummarySelect },
} satisfies Prisma.DeploymentInclude;

type DeploymentRow = Prisma.DeploymentGetPayload<{ include: typeof deploymentInclude }>;

export function serializeDeployment(d: DeploymentRow): DeploymentDto {
  return {
    id: d.id,
    model: d.model.slug,
    modelName: d.model.name,
    version: d.version.version,
    target: d.target.slug,
    targetName: d.target.name,
    // Frozen at activation: editing the target later does not rewrite what this deployment was.
    environment: d.environment ?? d.target.environment,
    requiredApprovals: d.requiredApprovals,
    status: d.status,
    trafficPercent: d.trafficPercent,
    canary: d.canary,
    rolloutId: d.canaryOf?.id ?? null,
    activatedAt: d.activatedAt?.toISOString() ?? null,
    endedAt: d.endedAt?.toISOString() ?? null,
    endReason: d.endReason,
    rollbackReason: d.rollbackReason,
    emergency: d.emergency,
    emergencyGates: (d.emergencyGates as Gate[] | null) ?? null,
    promotionId: d.promotionId,
    previousId: d.previousId,
    deployedBy: d.deployedBy,
    delivery: d.deliveries[0] ? serializeDeliverySummary(d.deliveries[0]) : null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** The active (stable, not canary) deployment of a model on a target, locked for the rest of the transaction. */
export async function lockActive(tx: Tx, modelId: string, targetId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT id FROM deployments WHERE model_id = ${modelId} AND target_id = ${targetId} AND status = 'active' AND NOT canary FOR UPDATE`);
  return rows[0]?.id ?? null;
}

/**
 * A version's stage follows where it runs: production when active on a production target,
 * staging when active on a staging one; a production version that runs nowhere any more is
 * archived. Development versions that never ran keep their stage.
 */
export async function restage(tx: Tx, versionId: string) {
  const version = await tx.modelVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { stage: true, version: true, model: { select: { id: true, latestVersion: true } } },
  });
  const active = await tx.deployment.findMany({
    where: { versionId, status: "active" },
    select: { target: { select: { environment: true } } },
  });
  const envs = new Set(active.map((a) => a.target.environment));
  const stage = envs.has("production")
    ? "production"
    : envs.has("staging")
      ? "staging"
      : version.stage === "production" || version.stage === "staging"
        ? "archived"
        : version.stage;
  if (stage === version.stage) return;
  await tx.modelVersion.update({ where: { id: versionId }, data: { stage } });
  if (version.model.latestVersion === version.version) {
    await tx.model.update({ where: { id: version.model.id }, data: { latestStage: stage } });
  }
}

/**
 * Make a version the active one on a target. Call inside a transaction: the previous active
 * deployment (if any) is superseded in the same commit. Returns the new deployment.
 */
export async function activate(
  tx: Tx,
  actor: Actor,
  input: {
    modelId: string;
    versionId: string;
    targetId: string;
    promotionId: string | null;
    /** The policy the activation was decided under (a promotion's frozen values). */
    decidedUnder?: { environment: TargetEnvironment; requiredApprovals: number };
  },
): Promise<DeploymentDto> {
  const now = new Date();
  const previousId = await lockActive(tx, input.modelId, input.targetId);
  let previousVersionId: string | null = null;
  if (previousId) {
    const previous = await tx.deployment.update({
      where: { id: previousId },
      data: { status: "superseded", endedAt: now, endReason: "superseded by a newer deployment" },
    });
    previousVersionId = previous.versionId;
  }
  const created = await tx.deployment.create({
    data: {
      modelId: input.modelId,
      versionId: input.versionId,
      targetId: input.targetId,
      promotionId: input.promotionId,
      status: "active",
      deployedById: actor.userId,
      previousId,
      activatedAt: now,
      ...(input.decidedUnder ?? {}),
    },
    include: deploymentInclude,
  });
  await restage(tx, input.versionId);
  if (previousVersionId && previousVersionId !== input.versionId)
    await restage(tx, previousVersionId);
  await refreshProgress(tx, { versionIds: [input.versionId] });
  await enqueueDelivery(tx, { deploymentId: created.id, reason: "activate" });
  const dto = serializeDeployment(created);
  await recordAudit(tx, actor, {
    action: "deployment.activate",
    entityType: "deployment",
    entityId: created.id,
    after: dto,
  });
  await emitEvent(
    tx,
    "deployment.activated",
    { type: "deployment", id: created.id },
    { deployment: dto, supersededId: previousId },
  );
  return dto;
}

/**
 * The blocking gates the version a rollback restores must pass on the target: the same as a
 * promotion's, except that critical alerts on the endpoint being rolled back do not count.
 * A rollback is usually the answer to exactly those alerts; a critical alert on another
 * endpoint of the model still blocks, as it would block a promotion.
 */
async function rollbackGates(tx: Tx, versionId: string, target: GateTarget): Promise<Gate[]> {
  const { gates } = await evaluate(versionId, target, tx);
  const elsewhere = (await criticalAlertsOf(tx, versionId)).filter((a) => a.targetId !== target.id);
  return gates.map((g) => (g.name === "no_critical_alerts" ? alertGate(elsewhere) : g));
}

/**
 * Re-activate the version that ran on the target before this deployment. The current one
 * becomes rolled_back; a new active deployment of the earlier version is created (history is
 * never rewritten), and its own `previousId` points one further back, so a second rollback
 * keeps walking back. Production targets need an approver; staging ones an editor.
 *
 * What comes back must meet the policy like a promotion: when a blocking gate fails for the
 * restored version (see rollbackGates) the rollback is refused with 422 gate_failed. Only an
 * admin may override that, with `emergency` and a reason of EMERGENCY_REASON_MIN characters:
 * the new deployment is then marked `emergency` with the gates that failed, audited and
 * announced (deployment.emergency_rollback), and stays marked until a normal promotion
 * replaces it. An emergency flag the gates do not need makes an ordinary rollback.
 */
export async function rollback(
  principal: Principal,
  deploymentId: string,
  reason: string,
  options: { emergency?: boolean } = {},
): Promise<DeploymentDto> {
  const actor = actorOf(principal);
  const emergency = options.emergency === true;
  if (emergency && reason.trim().length < EMERGENCY_REASON_MIN) {
    const message = `an emergency rollback needs a reason of at least ${EMERGENCY_REASON_MIN} characters`;
    throw invalidField("reason", message, `Invalid reason: ${message}`);
  }
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>(
        Prisma.sql`SELECT id FROM deployments WHERE id = ${deploymentId} FOR UPDATE`,
      );
      if (!locked.length) throw notFound("Deployment");
      const current = await tx.deployment.findUniqueOrThrow({
        where: { id: deploymentId },
        include: deploymentInclude,
      });
      if (current.target.environment === "production" && !can(principal, "approve")) {
        throw forbidden("Rolling back a production target needs an approver.");
      }
      if (emergency && !can(principal, "admin")) {
        throw forbidden(
          "An emergency rollback, which overrides the promotion gates, needs an admin.",
        );
      }
      const rollout = await tx.rollout.findFirst({
        where: {
          modelId: current.modelId,
          targetId: current.targetId,
          state: { in: ["running", "paused"] },
        },
        select: { id: true },
      });
      if (rollout && current.status === "active") {
        throw conflict(
          current.canary
            ? "This deployment is a canary: abort its rollout to roll it back (POST /api/v1/rollouts/{id}/abort)."
            : "A canary rollout is running on this endpoint; abort or promote it before rolling back.",
          { rolloutId: rollout.id },
        );
      }
      if (current.status !== "active") {
        throw conflict(
          `This deployment is ${current.status.replace("_", " ")}; only the active deployment on a target can be rolled back.`,
        );
      }
      const previous = current.previousId
        ? await tx.deployment.findUnique({
            where: { id: current.previousId },
            include: { version: { select: { version: true } } },
          })
        : null;
      if (!previous)
        throw unprocessable("Nothing to roll back to: no earlier version ran on this target.");

      const target = await tx.deploymentTarget.findUniqueOrThrow({
        where: { id: current.targetId },
      });
      const gates = await rollbackGates(tx, previous.versionId, target);
      const failed = blockingFailures(gates);
      if (failed.length && !emergency) {
        throw gateFailed(
          gates,
          `Version ${previous.version.version} cannot come back on ${current.target.slug} under the policy; an admin may roll back anyway as an emergency.`,
        );
      }
      const overridden = failed.length > 0;

      const now = new Date();
      await tx.deployment.update({
        where: { id: current.id },
        data: { status: "rolled_back", endedAt: now, endReason: `rolled back: ${reason}` },
      });
      const restored = await tx.deployment.create({
        data: {
          modelId: current.modelId,
          versionId: previous.versionId,
          targetId: current.targetId,
          status: "active",
          deployedById: actor.userId,
          previousId: previous.previousId,
          rollbackReason: reason,
          activatedAt: now,
          ...(overridden
            ? { emergency: true, emergencyGates: failed as unknown as Prisma.InputJsonValue }
            : {}),
        },
        include: deploymentInclude,
      });
      await restage(tx, previous.versionId);
      if (current.versionId !== previous.versionId) await restage(tx, current.versionId);
      await refreshProgress(tx, { versionIds: [previous.versionId] });
      await enqueueDelivery(tx, { deploymentId: restored.id, reason: "rollback" });
      const dto = serializeDeployment(restored);
      await recordAudit(tx, actor, {
        action: "deployment.rollback",
        entityType: "deployment",
        entityId: current.id,
        before: serializeDeployment(current),
        after: {
          ...dto,
          reason,
          emergency: overridden,
          ...(overridden ? { failedGates: failed } : {}),
        },
      });
      await emitEvent(
        tx,
        "deployment.rolled_back",
        { type: "deployment", id: current.id },
        {
          rolledBack: serializeDeployment(current),
          active: dto,
          reason,
          emergency: overridden,
        },
      );
      if (overridden) {
        await emitEvent(
          tx,
          "deployment.emergency_rollback",
          { type: "deployment", id: restored.id },
          {
            deployment: dto,
            rolledBackId: current.id,
            by: actor.label,
            reason,
            failedGates: failed,
          },
        );
      }
      return dto;
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

export async function getDeployment(id: string): Promise<DeploymentDto> {
  const row = await db.deployment.findUnique({ where: { id }, include: deploymentInclude });
  if (!row) throw notFound("Deployment");
  return serializeDeployment(row);
}

export async function listDeployments(query: {
  model?: string;
  target?: string;
  status?: DeploymentStatus;
  limit: number;
  cursor?: string;
}) {
  const keys = keyset(query);
  const rows = await db.deployment.findMany({
    where: {
      ...(query.model ? { model: { slug: query.model } } : {}),
      ...(query.target ? { target: { slug: query.target } } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...afterCursor<Prisma.DeploymentWhereInput>(keys.cursor, "createdAt"),
    },
    include: deploymentInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: keys.take,
  });
  const page = keys.page(rows, (d) => ({ v: d.createdAt.toISOString(), id: d.id }));
  return { items: page.items.map(serializeDeployment), nextCursor: page.nextCursor };
}

/** A target's deployments, newest activation first. */
/** Every deployment of one version, newest first, with its target: where the version ran. */
export async function listVersionDeployments(versionId: string) {
  return db.deployment.findMany({
    where: { versionId },
    orderBy: { activatedAt: "desc" },
    include: { target: { select: { name: true, environment: true } } },
  });
}

export async function targetHistory(
  slug: string,
  query: { model?: string; limit: number; cursor?: string },
) {
  const target = await db.deploymentTarget.findUnique({ where: { slug }, select: { id: true } });
  if (!target) throw notFound(`Target "${slug}"`);
  const keys = keyset(query);
  const rows = await db.deployment.findMany({
    where: {
      targetId: target.id,
      activatedAt: { not: null },
      ...(query.model ? { model: { slug: query.model } } : {}),
      ...afterCursor<Prisma.DeploymentWhereInput>(keys.cursor, "activatedAt"),
    },
    include: deploymentInclude,
    orderBy: [{ activatedAt: "desc" }, { id: "desc" }],
    take: keys.take,
  });
  const page = keys.page(rows, (d) => ({ v: d.activatedAt!.toISOString(), id: d.id }));
  return { items: page.items.map(serializeDeployment), nextCursor: page.nextCursor };
}

/** What was active on a target at a moment: activated at or before it, not yet ended. */
export async function targetAt(slug: string, at: Date, model?: string) {
  const target = await db.deploymentTarget.findUnique({ where: { slug }, select: { id: true } });
  if (!target) throw notFound(`Target "${slug}"`);
  const rows = await db.deployment.findMany({
    where: {
      targetId: target.id,
      activatedAt: { lte: at },
      OR: [{ endedAt: null }, { endedAt: { gt: at } }],
      ...(model ? { model: { slug: model } } : {}),
    },
    include: deploymentInclude,
    orderBy: [{ activatedAt: "desc" }, { id: "desc" }],
  });
  const deployments = rows.map(serializeDeployment);
  return { at: at.toISOString(), deployment: deployments[0] ?? null, deployments };
}

/**
 * Why a version stopped running because of a rollback: its latest rolled-back deployment, the
 * reason given and the deployment that replaced it (the one the rollback created on the same
 * target at the same moment). Null when no rollback ever ended one of its deployments.
 */
export async function rollbackOfVersion(versionId: string) {
  const rolled = await db.deployment.findFirst({
    where: { versionId, status: "rolled_back", endedAt: { not: null } },
    orderBy: { endedAt: "desc" },
    include: { target: { select: { slug: true, name: true } } },
  });
  if (!rolled?.endedAt) return null;
  const replacement = await db.deployment.findFirst({
    where: {
      modelId: rolled.modelId,
      targetId: rolled.targetId,
      activatedAt: rolled.endedAt,
      rollbackReason: { not: null },
    },
    include: {
      version: { select: { version: true } },
      deployedBy: { select: { name: true } },
    },
  });
  return {
    deploymentId: rolled.id,
    target: rolled.target,
    at: rolled.endedAt.toISOString(),
    reason: replacement?.rollbackReason ?? rolled.endReason?.replace(/^rolled back: /, "") ?? null,
    by: replacement?.deployedBy?.name ?? null,
    replacedBy: replacement
      ? { deploymentId: replacement.id, version: replacement.version.version }
      : null,
  };
}
