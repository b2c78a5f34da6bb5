import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma, type PromotionStatus } from "@/lib/generated/prisma/client";
import { AppError, conflict, forbidden, notFound, unprocessable } from "@/lib/http/errors";
import { decodeCursor, paginate } from "@/lib/http/pagination";
import { can, type Principal } from "@/lib/permissions";
import type { Gate } from "@/lib/schemas/promotions";
import { type Actor, actorOf, recordAudit, systemActor } from "../audit";
import { activate } from "../deployments";
import { emitEvent } from "../events";
import { targetFits } from "../target-fit";
import { blockingFailures, describeChange, evaluate, type Snapshot } from "./gates";

// Promotion requests and the approval policy.
//
// - A request is refused (422) when a blocking gate fails; otherwise it waits for the
//   target's `requiredApprovals` distinct approvers (zero: it deploys at once).
// - The requester never decides their own request; one vote per person; any rejection rejects.
// - Every vote is pinned to the snapshot hash (version metadata, checklist, gate outcomes).
//   When the snapshot changes, earlier votes stop counting and the request says why.
// - Deciding locks the request row, so two approvers at the same instant produce one
//   deployment: the second sees the request already approved.

const promotionInclude = {
  version: { select: { id: true, version: true, modelId: true, model: { select: { slug: true, name: true } } } },
  target: { select: { id: true, slug: true, name: true, environment: true } },
  requestedBy: { select: { id: true, name: true, email: true } },
  approvals: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { createdAt: "asc" } },
  deployment: { select: { id: true } },
} satisfies Prisma.PromotionRequestInclude;

type PromotionRow = Prisma.PromotionRequestGetPayload<{ include: typeof promotionInclude }>;

const countsFor = (row: { snapshotHash: string; approvals: { decision: string; valid: boolean; snapshotHash: string }[] }) =>
  row.approvals.filter((a) => a.decision === "approve" && a.valid && a.snapshotHash === row.snapshotHash).length;

export function serializePromotion(p: PromotionRow) {
  return {
    id: p.id,
    model: p.version.model.slug,
    modelName: p.version.model.name,
    version: p.version.version,
    target: p.target.slug,
    targetName: p.target.name,
    environment: p.target.environment,
    status: p.status,
    reason: p.reason,
    requestedBy: p.requestedBy,
    requiredApprovals: p.requiredApprovals,
    validApprovals: countsFor(p),
    gates: p.gates as unknown as Gate[],
    approvals: p.approvals.map((a) => ({
      user: a.user,
      decision: a.decision,
      comment: a.comment,
      at: a.createdAt.toISOString(),
      valid: a.valid && (a.decision === "reject" || a.snapshotHash === p.snapshotHash),
    })),
    invalidatedReason: p.invalidatedReason,
    deploymentId: p.deployment?.id ?? null,
    expiresAt: p.expiresAt.toISOString(),
    decidedAt: p.decidedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export type PromotionDto = ReturnType<typeof serializePromotion>;

const txOptions = { maxWait: 15_000, timeout: 20_000 };

async function versionAndTarget(client: Tx, slug: string, n: number, targetSlug: string) {
  const version = await client.modelVersion.findFirst({
    where: { model: { slug }, version: n },
    select: { id: true, version: true, stage: true, modelId: true, model: { select: { archived: true } } },
  });
  if (!version) throw notFound(`Version ${n} of model "${slug}"`);
  const target = await client.deploymentTarget.findUnique({ where: { slug: targetSlug } });
  if (!target) {
    throw new AppError("validation_failed", `Unknown target "${targetSlug}"`, { errors: [{ path: "target", message: "no such target" }] });
  }
  return { version, target };
}

/** The gates a request would meet now, without creating one. */
export async function previewGates(slug: string, n: number, targetSlug: string) {
  const { version, target } = await versionAndTarget(db, slug, n, targetSlug);
  const { gates } = await evaluate(version.id, target);
  return { target: target.slug, passed: blockingFailures(gates).length === 0, gates };
}

/** Every target with whether it fits the model's requirements, for the picker. */
export async function targetFitsFor(slug: string, n: number) {
  const version = await db.modelVersion.findFirst({
    where: { model: { slug }, version: n },
    select: { id: true, model: { select: { requirements: true } } },
  });
  if (!version) throw notFound(`Version ${n} of model "${slug}"`);
  const [targets, active, open] = await Promise.all([
    db.deploymentTarget.findMany({ where: { archived: false }, orderBy: [{ environment: "asc" }, { name: "asc" }] }),
    db.deployment.findMany({ where: { versionId: version.id, status: "active" }, select: { targetId: true } }),
    db.promotionRequest.findMany({ where: { versionId: version.id, status: "pending" }, select: { id: true, targetId: true } }),
  ]);
  const running = new Set(active.map((a) => a.targetId));
  const pending = new Map(open.map((p) => [p.targetId, p.id]));
  return {
    items: targets.map((t) => ({
      target: t.slug,
      name: t.name,
      environment: t.environment,
      requiredApprovals: t.requiredApprovals,
      ...targetFits(version.model.requirements, t),
      active: running.has(t.id),
      pendingPromotionId: pending.get(t.id) ?? null,
    })),
  };
}

/** Mark pending requests past their expiry as expired, with audit events and outbox events. */
export async function expireStale(client?: Tx): Promise<number> {
  const run = async (tx: Tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
      UPDATE promotion_requests SET status = 'expired', decided_at = now(), updated_at = now()
      WHERE status = 'pending' AND expires_at <= now()
      RETURNING id`);
    for (const r of rows) {
      await recordAudit(tx, systemActor, { action: "promotion.expire", entityType: "promotion", entityId: r.id, after: { status: "expired" } });
      await emitEvent(tx, "promotion.expired", { type: "promotion", id: r.id }, { promotionId: r.id });
    }
    return rows.length;
  };
  return client ? run(client) : db.$transaction(run, txOptions);
}

async function loadPromotion(client: Tx, id: string) {
  const row = await client.promotionRequest.findUnique({ where: { id }, include: promotionInclude });
  if (!row) throw notFound("Promotion request");
  return row;
}

export async function getPromotion(id: string): Promise<PromotionDto> {
  await expireStale();
  return serializePromotion(await loadPromotion(db, id));
}

export async function listPromotions(query: {
  status?: PromotionStatus;
  model?: string;
  version?: number;
  target?: string;
  requestedById?: string;
  limit: number;
  cursor?: string;
}) {
  await expireStale();
  const cursor = decodeCursor(query.cursor);
  const rows = await db.promotionRequest.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(query.model ? { version: { model: { slug: query.model }, ...(query.version ? { version: query.version } : {}) } } : {}),
      ...(query.target ? { target: { slug: query.target } } : {}),
      ...(query.requestedById ? { requestedById: query.requestedById } : {}),
      ...(cursor
        ? { OR: [{ createdAt: { lt: new Date(String(cursor.v)) } }, { createdAt: new Date(String(cursor.v)), id: { lt: cursor.id } }] }
        : {}),
    },
    include: promotionInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = paginate(rows, query.limit, (p) => ({ v: p.createdAt.toISOString(), id: p.id }));
  return { items: page.items.map(serializePromotion), nextCursor: page.nextCursor };
}

function gateFailed(gates: Gate[]) {
  const failed = blockingFailures(gates);
  return new AppError("gate_failed", `${failed.length} blocking gate${failed.length > 1 ? "s" : ""} failed: ${failed.map((g) => g.title).join("; ")}.`, {
    extra: { gates },
  });
}

/** Deploy an approved request inside the deciding transaction and mark it approved. */
async function approveAndDeploy(tx: Tx, actor: Actor, row: PromotionRow) {
  await tx.promotionRequest.update({ where: { id: row.id }, data: { status: "approved", decidedAt: new Date() } });
  const deployment = await activate(tx, actor, {
    modelId: row.version.modelId,
    versionId: row.version.id,
    targetId: row.target.id,
    promotionId: row.id,
  });
  await emitEvent(tx, "promotion.approved", { type: "promotion", id: row.id }, {
    promotionId: row.id,
    model: row.version.model.slug,
    version: row.version.version,
    target: row.target.slug,
    deploymentId: deployment.id,
  });
  return deployment;
}

export async function requestPromotion(principal: Principal, slug: string, n: number, input: { target: string; reason: string }) {
  const actor = actorOf(principal);
  await expireStale();
  const id = await db.$transaction(async (tx) => {
    const { version, target } = await versionAndTarget(tx, slug, n, input.target);
    if (version.model.archived) throw unprocessable(`Model "${slug}" is archived.`);
    if (version.stage === "archived") throw unprocessable(`Version ${n} is archived; register a new version or roll back instead.`);
    if (target.archived) throw unprocessable(`Target "${target.slug}" is archived.`);
    const running = await tx.deployment.findFirst({ where: { versionId: version.id, targetId: target.id, status: "active" }, select: { id: true } });
    if (running) throw conflict(`Version ${n} already runs on ${target.slug}.`, { deploymentId: running.id });

    const { gates, snapshot, hash } = await evaluate(version.id, target, tx);
    if (blockingFailures(gates).length) throw gateFailed(gates);

    const pending = await tx.promotionRequest.findFirst({ where: { versionId: version.id, targetId: target.id, status: "pending" }, select: { id: true } });
    if (pending) throw conflict(`A request to promote version ${n} to ${target.slug} is already pending.`, { promotionId: pending.id });

    const created = await tx.promotionRequest.create({
      data: {
        versionId: version.id,
        targetId: target.id,
        requestedById: actor.userId!,
        reason: input.reason,
        requiredApprovals: target.requiredApprovals,
        gates: gates as unknown as Prisma.InputJsonValue,
        snapshot: snapshot as unknown as Prisma.InputJsonValue,
        snapshotHash: hash,
        expiresAt: new Date(Date.now() + env().PROMOTION_TTL_HOURS * 3_600_000),
      },
      include: promotionInclude,
    });
    const dto = serializePromotion(created);
    await recordAudit(tx, actor, { action: "promotion.request", entityType: "promotion", entityId: created.id, after: dto });
    await emitEvent(tx, "promotion.requested", { type: "promotion", id: created.id }, { promotion: dto });
    if (target.requiredApprovals === 0) await approveAndDeploy(tx, actor, created);
    return created.id;
  }, txOptions).catch((e: unknown) => {
    // Two identical requests at once: the partial unique index lets one through.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw conflict(`A request to promote version ${n} to ${input.target} is already pending.`);
    }
    throw e;
  });
  return serializePromotion(await loadPromotion(db, id));
}

/** Lock the request row for the rest of the transaction and check it can still be decided. */
async function lockPending(tx: Tx, id: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT id FROM promotion_requests WHERE id = ${id} FOR UPDATE`);
  if (!locked.length) throw notFound("Promotion request");
  const row = await loadPromotion(tx, id);
  if (row.status !== "pending") throw conflict(`This request was already ${row.status}.`, { status: row.status });
  if (row.expiresAt <= new Date()) throw conflict("This request has expired.", { status: "expired" });
  return row;
}

/**
 * Re-pin a pending request to the version's current state. When the snapshot changed, the
 * votes given so far stop counting, the gates are refreshed and the request records why.
 * Returns the refreshed row.
 */
async function repin(tx: Tx, actor: Actor, row: PromotionRow): Promise<{ row: PromotionRow; gates: Gate[] }> {
  const target = await tx.deploymentTarget.findUniqueOrThrow({ where: { id: row.target.id } });
  const { gates, snapshot, hash } = await evaluate(row.version.id, target, tx);
  if (hash === row.snapshotHash) return { row, gates };
  const counted = row.approvals.filter((a) => a.valid && a.decision === "approve");
  const changes = describeChange(row.snapshot as unknown as Snapshot, snapshot);
  const why = changes.length ? changes.join("; ") : "the version changed";
  const reason = counted.length
    ? `${counted.length} approval${counted.length > 1 ? "s" : ""} (${counted.map((a) => a.user.name).join(", ")}) no longer count${counted.length > 1 ? "" : "s"}: ${why} at ${new Date().toISOString()}.`
    : row.invalidatedReason;
  if (counted.length) {
    await tx.promotionApproval.updateMany({ where: { promotionId: row.id, decision: "approve", valid: true }, data: { valid: false } });
  }
  await tx.promotionRequest.update({
    where: { id: row.id },
    data: {
      snapshot: snapshot as unknown as Prisma.InputJsonValue,
      snapshotHash: hash,
      gates: gates as unknown as Prisma.InputJsonValue,
      invalidatedReason: reason,
    },
  });
  if (counted.length) {
    await recordAudit(tx, actor, {
      action: "promotion.invalidate",
      entityType: "promotion",
      entityId: row.id,
      after: { invalidatedReason: reason, approvals: counted.map((a) => a.user.email) },
    });
    await emitEvent(tx, "promotion.invalidated", { type: "promotion", id: row.id }, { promotionId: row.id, reason });
  }
  return { row: await loadPromotion(tx, row.id), gates };
}

/**
 * Called in the same transaction as any change to a version, its checklist or its model's
 * requirements: every pending request of those versions is re-pinned at once, so the queue
 * shows invalidated approvals the moment they stop counting.
 */
export async function repinPending(tx: Tx, actor: Actor, where: { versionId?: string; modelId?: string }) {
  const pending = await tx.promotionRequest.findMany({
    where: {
      status: "pending",
      ...(where.versionId ? { versionId: where.versionId } : {}),
      ...(where.modelId ? { version: { modelId: where.modelId } } : {}),
    },
    include: promotionInclude,
  });
  for (const row of pending) await repin(tx, actor, row);
}

export async function approvePromotion(principal: Principal, id: string, comment?: string) {
  const actor = actorOf(principal);
  await expireStale();
  await db.$transaction(async (tx) => {
    const locked = await lockPending(tx, id);
    if (locked.requestedById === principal.user.id) {
      throw forbidden("You requested this promotion; another approver must decide it. You may cancel it instead.");
    }
    const prior = locked.approvals.find((a) => a.userId === principal.user.id);
    if (prior && prior.valid && prior.snapshotHash === locked.snapshotHash) {
      throw conflict("You already approved this request.");
    }
    const { row, gates } = await repin(tx, actor, locked);
    if (blockingFailures(gates).length) throw gateFailed(gates);
    await tx.promotionApproval.upsert({
      where: { promotionId_userId: { promotionId: id, userId: principal.user.id } },
      create: { promotionId: id, userId: principal.user.id, decision: "approve", comment: comment || null, snapshotHash: row.snapshotHash },
      update: { decision: "approve", comment: comment || null, snapshotHash: row.snapshotHash, valid: true, createdAt: new Date() },
    });
    const fresh = await loadPromotion(tx, id);
    const count = countsFor(fresh);
    await recordAudit(tx, actor, {
      action: "promotion.approve",
      entityType: "promotion",
      entityId: id,
      after: { comment: comment ?? null, approvals: count, requiredApprovals: fresh.requiredApprovals, snapshotHash: fresh.snapshotHash },
    });
    if (count >= fresh.requiredApprovals) await approveAndDeploy(tx, actor, fresh);
  }, txOptions);
  return serializePromotion(await loadPromotion(db, id));
}

export async function rejectPromotion(principal: Principal, id: string, comment?: string) {
  const actor = actorOf(principal);
  await expireStale();
  await db.$transaction(async (tx) => {
    const row = await lockPending(tx, id);
    if (row.requestedById === principal.user.id) {
      throw forbidden("You requested this promotion; cancel it instead of rejecting it.");
    }
    await tx.promotionApproval.upsert({
      where: { promotionId_userId: { promotionId: id, userId: principal.user.id } },
      create: { promotionId: id, userId: principal.user.id, decision: "reject", comment: comment || null, snapshotHash: row.snapshotHash },
      update: { decision: "reject", comment: comment || null, snapshotHash: row.snapshotHash, valid: true, createdAt: new Date() },
    });
    await tx.promotionRequest.update({ where: { id }, data: { status: "rejected", decidedAt: new Date() } });
    await recordAudit(tx, actor, { action: "promotion.reject", entityType: "promotion", entityId: id, after: { comment: comment ?? null } });
    await emitEvent(tx, "promotion.rejected", { type: "promotion", id }, {
      promotionId: id,
      model: row.version.model.slug,
      version: row.version.version,
      target: row.target.slug,
      by: actor.label,
      comment: comment ?? null,
    });
  }, txOptions);
  return serializePromotion(await loadPromotion(db, id));
}

/** The requester (or an admin) withdraws a pending request. */
export async function cancelPromotion(principal: Principal, id: string, comment?: string) {
  const actor = actorOf(principal);
  await db.$transaction(async (tx) => {
    const row = await lockPending(tx, id);
    if (row.requestedById !== principal.user.id && !can(principal, "admin")) {
      throw forbidden("Only the requester or an admin can cancel a request.");
    }
    await tx.promotionRequest.update({ where: { id }, data: { status: "cancelled", decidedAt: new Date(), cancelledById: principal.user.id } });
    await recordAudit(tx, actor, { action: "promotion.cancel", entityType: "promotion", entityId: id, after: { comment: comment ?? null } });
    await emitEvent(tx, "promotion.cancelled", { type: "promotion", id }, { promotionId: id, by: actor.label });
  }, txOptions);
  return serializePromotion(await loadPromotion(db, id));
}
