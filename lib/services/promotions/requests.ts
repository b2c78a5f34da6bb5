import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma, type PromotionStatus } from "@/lib/generated/prisma/client";
import { conflict, forbidden, invalidField, notFound, unprocessable } from "@/lib/errors";
import { afterCursor, keyset } from "@/lib/pagination";
import { can, type Principal, roleAtLeast } from "@/lib/permissions";
import type { Gate, PromotionDto } from "@/lib/schemas/promotions";
import type { CanaryPlan, RolloutPlan } from "@/lib/schemas/rollouts";
import { type Actor, actorOf, recordAudit, systemActor } from "../audit";
import { refreshProgress } from "../checklist/progress";
import { activate, lockActive } from "../deployments";
import { noStableToCompare, openRolloutOn, rolloutHolds, startCanary } from "../rollouts";
import { emitEvent } from "../events";
import { targetFits } from "../target-fit";
import { gateFailed } from "./gate-failed";
import { blockingFailures, describeChange, diffSnapshots, evaluate, type Snapshot } from "./gates";

// Promotion requests and the approval policy.
//
// - A request is refused (422) when a blocking gate fails; otherwise it waits for the
//   target's `requiredApprovals` distinct approvers (zero: it deploys at once).
// - Nobody approves their own work: not the requester, not the version's creator, not
//   anyone who ticked, waived or edited what the request covers. One vote per person; any
//   rejection rejects. A vote comes from the voter's own session or a token they minted.
// - A vote names the snapshot hash the voter was shown; a different current snapshot is a
//   409 with what changed. The snapshot covers the version's metadata, its checklist, the
//   model's requirements, the blocking gates (outcome and words) and what the request would
//   replace on the target. Every change re-pins the request (kept as a diff; the original
//   snapshot never changes) and earlier votes stop counting.
// - Only votes of users who are approvers and enabled when the decision is made count.
// - The request freezes the target's environment and approval count when it is made.
// - Deciding locks the request row, so two approvers at the same instant produce one
//   deployment: the second sees the request already approved. An activation re-pins the
//   model's other pending requests (what they would replace changed), so a stale request
//   cannot quietly put an older version back.

const promotionInclude = {
  version: {
    select: {
      id: true,
      version: true,
      modelId: true,
      stage: true,
      createdById: true,
      model: { select: { slug: true, name: true, archived: true } },
    },
  },
  target: { select: { id: true, slug: true, name: true, environment: true, archived: true } },
  requestedBy: { select: { id: true, name: true, email: true } },
  approvals: {
    include: {
      user: { select: { id: true, name: true, email: true, role: true, disabled: true } },
    },
    orderBy: { createdAt: "asc" },
  },
  repins: { orderBy: { createdAt: "asc" } },
  deployment: { select: { id: true } },
  rolloutRun: { select: { id: true } },
} satisfies Prisma.PromotionRequestInclude;

type PromotionRow = Prisma.PromotionRequestGetPayload<{ include: typeof promotionInclude }>;
type ApprovalRow = PromotionRow["approvals"][number];

/** May this vote count now: an approver (or admin) whose account is enabled at decision time. */
const voterEligible = (a: ApprovalRow) => !a.user.disabled && roleAtLeast(a.user.role, "approver");

const counts = (row: { snapshotHash: string }, a: ApprovalRow) =>
  a.decision === "approve" && a.valid && a.snapshotHash === row.snapshotHash && voterEligible(a);

const countsFor = (row: PromotionRow) => row.approvals.filter((a) => counts(row, a)).length;

/**
 * A pending request past its `expiresAt` is expired, whether or not the housekeeping job has
 * written that yet: reads compute it (and never write), the job and write paths persist it.
 */
function expiredUnwritten(p: { status: PromotionStatus; expiresAt: Date }, now = new Date()) {
  return p.status === "pending" && p.expiresAt <= now;
}

/** The `where` for a status filter, as reads see statuses (see expiredUnwritten). */
function statusWhere(status: PromotionStatus, now = new Date()): Prisma.PromotionRequestWhereInput {
  if (status === "pending") return { status, expiresAt: { gt: now } };
  if (status === "expired")
    return { OR: [{ status }, { status: "pending", expiresAt: { lte: now } }] };
  return { status };
}

export function serializePromotion(p: PromotionRow): PromotionDto {
  const expired = expiredUnwritten(p);
  return {
    id: p.id,
    model: p.version.model.slug,
    modelName: p.version.model.name,
    version: p.version.version,
    target: p.target.slug,
    targetName: p.target.name,
    // Frozen when the request was made: the policy it is decided under.
    environment: p.environment,
    status: expired ? ("expired" as const) : p.status,
    reason: p.reason,
    requestedBy: p.requestedBy,
    requiredApprovals: p.requiredApprovals,
    validApprovals: countsFor(p),
    gates: p.gates as unknown as Gate[],
    approvals: p.approvals.map((a) => ({
      user: { id: a.user.id, name: a.user.name, email: a.user.email },
      decision: a.decision,
      comment: a.comment,
      at: a.createdAt.toISOString(),
      valid:
        a.valid &&
        (a.decision === "reject" || (a.snapshotHash === p.snapshotHash && voterEligible(a))),
    })),
    snapshotHash: p.snapshotHash,
    originalSnapshotHash: p.originalSnapshotHash,
    repins: p.repins.map((r) => ({
      at: r.createdAt.toISOString(),
      by: r.actorLabel,
      fromHash: r.fromHash,
      toHash: r.toHash,
      changes: r.changes,
      diff: r.diff as { path: string; before: unknown; after: unknown }[],
    })),
    invalidatedReason: p.invalidatedReason,
    rollout: planOf(p) ?? { strategy: "all_at_once", steps: [] },
    rolloutId: p.rolloutRun?.id ?? null,
    deploymentId: p.deployment?.id ?? null,
    expiresAt: p.expiresAt.toISOString(),
    decidedAt: (expired ? p.expiresAt : p.decidedAt)?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** The canary plan a request asked for; null for all at once. */
function planOf(p: { rollout: Prisma.JsonValue }): CanaryPlan | null {
  const plan = p.rollout as RolloutPlan | null;
  return plan?.strategy === "canary" ? plan : null;
}

const txOptions = { maxWait: 15_000, timeout: 20_000 };

async function versionAndTarget(client: Tx, slug: string, n: number, targetSlug: string) {
  const version = await client.modelVersion.findFirst({
    where: { model: { slug }, version: n },
    select: {
      id: true,
      version: true,
      stage: true,
      modelId: true,
      model: { select: { archived: true } },
    },
  });
  if (!version) throw notFound(`Version ${n} of model "${slug}"`);
  const target = await client.deploymentTarget.findUnique({ where: { slug: targetSlug } });
  if (!target) {
    throw invalidField("target", "no such target", `Unknown target "${targetSlug}"`);
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
    select: { id: true, modelId: true, model: { select: { requirements: true } } },
  });
  if (!version) throw notFound(`Version ${n} of model "${slug}"`);
  const [targets, active, open, stable] = await Promise.all([
    db.deploymentTarget.findMany({
      where: { archived: false },
      orderBy: [{ environment: "asc" }, { name: "asc" }],
    }),
    db.deployment.findMany({
      where: { versionId: version.id, status: "active" },
      select: { targetId: true },
    }),
    db.promotionRequest.findMany({
      where: { versionId: version.id, ...statusWhere("pending") },
      select: { id: true, targetId: true },
    }),
    db.deployment.findMany({
      where: { modelId: version.modelId, status: "active", canary: false },
      select: { targetId: true, version: { select: { version: true } } },
    }),
  ]);
  const running = new Set(active.map((a) => a.targetId));
  const runningVersion = new Map(stable.map((d) => [d.targetId, d.version.version]));
  const pending = new Map(open.map((p) => [p.targetId, p.id]));
  return {
    items: targets.map((t) => ({
      target: t.slug,
      name: t.name,
      environment: t.environment,
      requiredApprovals: t.requiredApprovals,
      ...targetFits(version.model.requirements, t),
      active: running.has(t.id),
      runningVersion: runningVersion.get(t.id) ?? null,
      pendingPromotionId: pending.get(t.id) ?? null,
    })),
  };
}

/**
 * Mark pending requests past their expiry as expired, with audit events and outbox events.
 * Run by the housekeeping job, and by writes that must not meet a stale pending request.
 * The request was decided when it expired, not when this ran: reads already said so.
 */
export async function expireStale(client?: Tx): Promise<number> {
  const run = async (tx: Tx) => {
    const rows = await tx.$queryRaw<{ id: string; version_id: string }[]>(Prisma.sql`
      UPDATE promotion_requests SET status = 'expired', decided_at = expires_at, updated_at = now()
      WHERE status = 'pending' AND expires_at <= now()
      RETURNING id, version_id`);
    for (const r of rows) {
      await recordAudit(tx, systemActor, {
        action: "promotion.expire",
        entityType: "promotion",
        entityId: r.id,
        after: { status: "expired" },
      });
      await emitEvent(
        tx,
        "promotion.expired",
        { type: "promotion", id: r.id },
        { promotionId: r.id },
      );
    }
    if (rows.length)
      await refreshProgress(tx, { versionIds: [...new Set(rows.map((r) => r.version_id))] });
    return rows.length;
  };
  return client ? run(client) : db.$transaction(run, txOptions);
}

async function loadPromotion(client: Tx, id: string) {
  const row = await client.promotionRequest.findUnique({
    where: { id },
    include: promotionInclude,
  });
  if (!row) throw notFound("Promotion request");
  return row;
}

export async function getPromotion(id: string): Promise<PromotionDto> {
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
  const keys = keyset(query);
  const rows = await db.promotionRequest.findMany({
    where: {
      // In AND: an "expired" filter is an OR, and so is the cursor.
      ...(query.status ? { AND: [statusWhere(query.status)] } : {}),
      ...(query.model
        ? {
            version: {
              model: { slug: query.model },
              ...(query.version ? { version: query.version } : {}),
            },
          }
        : {}),
      ...(query.target ? { target: { slug: query.target } } : {}),
      ...(query.requestedById ? { requestedById: query.requestedById } : {}),
      ...afterCursor<Prisma.PromotionRequestWhereInput>(keys.cursor, "createdAt"),
    },
    include: promotionInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: keys.take,
  });
  const page = keys.page(rows, (p) => ({ v: p.createdAt.toISOString(), id: p.id }));
  return { items: page.items.map(serializePromotion), nextCursor: page.nextCursor };
}

/** Deploy an approved request inside the deciding transaction and mark it approved. */
async function approveAndDeploy(tx: Tx, actor: Actor, row: PromotionRow) {
  const running = await openRolloutOn(tx, row.version.modelId, row.target.id);
  if (running) throw rolloutHolds(running.id, "a new version cannot be approved onto it");
  await tx.promotionRequest.update({
    where: { id: row.id },
    data: { status: "approved", decidedAt: new Date() },
  });
  const plan = planOf(row);
  const decidedUnder = { environment: row.environment, requiredApprovals: row.requiredApprovals };
  const stableId = plan ? await lockActive(tx, row.version.modelId, row.target.id) : null;
  if (plan && !stableId) throw noStableToCompare(row.target.slug);
  const deployment =
    plan && stableId
      ? await startCanary(tx, actor, {
          promotionId: row.id,
          modelId: row.version.modelId,
          versionId: row.version.id,
          targetId: row.target.id,
          stableId,
          plan,
          decidedUnder,
        })
      : await activate(tx, actor, {
          modelId: row.version.modelId,
          versionId: row.version.id,
          targetId: row.target.id,
          promotionId: row.id,
          decidedUnder,
        });
  // What runs on the target changed: every other pending request of this model re-pins
  // (a request for an older version now says it would replace this one, and needs fresh votes).
  await repinPending(tx, actor, { modelId: row.version.modelId });
  await emitEvent(
    tx,
    "promotion.approved",
    { type: "promotion", id: row.id },
    {
      promotionId: row.id,
      model: row.version.model.slug,
      version: row.version.version,
      target: row.target.slug,
      deploymentId: deployment.id,
    },
  );
  return deployment;
}

export async function requestPromotion(
  principal: Principal,
  slug: string,
  n: number,
  input: { target: string; reason: string; rollout?: RolloutPlan },
) {
  const actor = actorOf(principal);
  await expireStale();
  const id = await db
    .$transaction(async (tx) => {
      const { version, target } = await versionAndTarget(tx, slug, n, input.target);
      if (version.model.archived) throw unprocessable(`Model "${slug}" is archived.`);
      if (version.stage === "archived")
        throw unprocessable(
          `Version ${n} is archived; register a new version or roll back instead.`,
        );
      if (target.archived) throw unprocessable(`Target "${target.slug}" is archived.`);
      const running = await tx.deployment.findFirst({
        where: { versionId: version.id, targetId: target.id, status: "active" },
        select: { id: true },
      });
      if (running)
        throw conflict(`Version ${n} already runs on ${target.slug}.`, {
          deploymentId: running.id,
        });

      const { gates, snapshot, hash } = await evaluate(version.id, target, tx);
      if (blockingFailures(gates).length) throw gateFailed(gates);

      const canary = input.rollout?.strategy === "canary" ? input.rollout : null;
      if (canary) {
        const stable = await tx.deployment.findFirst({
          where: { modelId: version.modelId, targetId: target.id, status: "active", canary: false },
          select: { id: true },
        });
        if (!stable) throw noStableToCompare(target.slug);
      }
      const rollout = await openRolloutOn(tx, version.modelId, target.id);
      if (rollout) throw rolloutHolds(rollout.id, "a new version cannot be requested onto it");

      const pending = await tx.promotionRequest.findFirst({
        where: { versionId: version.id, targetId: target.id, status: "pending" },
        select: { id: true },
      });
      if (pending)
        throw conflict(`A request to promote version ${n} to ${target.slug} is already pending.`, {
          promotionId: pending.id,
        });

      const created = await tx.promotionRequest.create({
        data: {
          versionId: version.id,
          targetId: target.id,
          requestedById: actor.userId!,
          reason: input.reason,
          requiredApprovals: target.requiredApprovals,
          environment: target.environment,
          gates: gates as unknown as Prisma.InputJsonValue,
          snapshot: snapshot as unknown as Prisma.InputJsonValue,
          snapshotHash: hash,
          originalSnapshot: snapshot as unknown as Prisma.InputJsonValue,
          originalSnapshotHash: hash,
          rollout: canary ? (canary as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
          expiresAt: new Date(Date.now() + env().PROMOTION_TTL_HOURS * 3_600_000),
        },
        include: promotionInclude,
      });
      const dto = serializePromotion(created);
      await refreshProgress(tx, { versionIds: [version.id] });
      await recordAudit(tx, actor, {
        action: "promotion.request",
        entityType: "promotion",
        entityId: created.id,
        after: dto,
      });
      await emitEvent(
        tx,
        "promotion.requested",
        { type: "promotion", id: created.id },
        { promotion: dto },
      );
      if (target.requiredApprovals === 0) await approveAndDeploy(tx, actor, created);
      return created.id;
    }, txOptions)
    .catch((e: unknown) => {
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
  const locked = await tx.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT id FROM promotion_requests WHERE id = ${id} FOR UPDATE`,
  );
  if (!locked.length) throw notFound("Promotion request");
  const row = await loadPromotion(tx, id);
  if (row.status !== "pending")
    throw conflict(`This request was already ${row.status}.`, { status: row.status });
  if (row.expiresAt <= new Date())
    throw conflict("This request has expired.", { status: "expired" });
  return row;
}

/**
 * Re-pin a pending request to the version's current state. When the snapshot changed, the
 * change is kept as a re-pin (in words and field by field), the votes given so far stop
 * counting, the gates are refreshed, and `promotion.invalidated` is emitted — even when
 * nobody had voted yet, so watchers see every change to what would ship.
 */
async function repin(
  tx: Tx,
  actor: Actor,
  row: PromotionRow,
): Promise<{ row: PromotionRow; gates: Gate[] }> {
  const target = await tx.deploymentTarget.findUniqueOrThrow({ where: { id: row.target.id } });
  const { gates, snapshot, hash } = await evaluate(row.version.id, target, tx);
  if (hash === row.snapshotHash) return { row, gates };
  const before = row.snapshot as unknown as Snapshot;
  const changes = describeChange(before, snapshot);
  const diff = diffSnapshots(before, snapshot);
  const why = changes.length ? changes.join("; ") : "what the request covers changed";
  const counted = row.approvals.filter((a) => a.valid && a.decision === "approve");
  const reason = counted.length
    ? `${counted.length} approval${counted.length > 1 ? "s" : ""} (${counted.map((a) => a.user.name).join(", ")}) no longer count${counted.length > 1 ? "" : "s"}: ${why} at ${new Date().toISOString()}.`
    : `Changed since it was requested: ${why} at ${new Date().toISOString()}.`;
  if (counted.length) {
    await tx.promotionApproval.updateMany({
      where: { promotionId: row.id, decision: "approve", valid: true },
      data: { valid: false },
    });
  }
  await tx.promotionRepin.create({
    data: {
      promotionId: row.id,
      fromHash: row.snapshotHash,
      toHash: hash,
      snapshot: snapshot as unknown as Prisma.InputJsonValue,
      changes,
      diff: diff as unknown as Prisma.InputJsonValue,
      actorLabel: actor.label,
    },
  });
  await tx.promotionRequest.update({
    where: { id: row.id },
    data: {
      snapshot: snapshot as unknown as Prisma.InputJsonValue,
      snapshotHash: hash,
      gates: gates as unknown as Prisma.InputJsonValue,
      invalidatedReason: reason,
    },
  });
  await recordAudit(tx, actor, {
    action: "promotion.invalidate",
    entityType: "promotion",
    entityId: row.id,
    after: {
      invalidatedReason: reason,
      changes,
      diff,
      votesVoided: counted.map((a) => a.user.email),
    },
  });
  await emitEvent(
    tx,
    "promotion.invalidated",
    { type: "promotion", id: row.id },
    { promotionId: row.id, reason, changes, votesVoided: counted.length },
  );
  return { row: await loadPromotion(tx, row.id), gates };
}

/** The snapshot a request had when its hash was `hash`: the original or one of its re-pins. */
function snapshotAt(row: PromotionRow, hash: string): Snapshot | null {
  if (hash === row.originalSnapshotHash) return row.originalSnapshot as unknown as Snapshot;
  const r = row.repins.find((x) => x.toHash === hash);
  return r ? (r.snapshot as unknown as Snapshot) : null;
}

/** A vote must name the snapshot the voter was shown; a different current one is a 409 that says what changed. */
function requireShownSnapshot(row: PromotionRow, shown: string) {
  if (shown === row.snapshotHash) return;
  const seen = snapshotAt(row, shown);
  const changes = seen ? describeChange(seen, row.snapshot as unknown as Snapshot) : [];
  const diff = seen ? diffSnapshots(seen, row.snapshot as unknown as Snapshot) : [];
  throw conflict(
    seen
      ? `This request changed since you looked at it: ${changes.join("; ") || "what it covers changed"}. Review it again.`
      : "The snapshot you approved is not one this request ever had; reload the request.",
    { snapshotHash: row.snapshotHash, changes, diff },
  );
}

/**
 * Who took part in what the request covers and so may not approve it: the requester, the
 * version's creator, whoever ticked, waived or edited its checklist items or edited the
 * version, and whoever changed the model's requirements while the request was pending.
 */
async function contributors(tx: Tx, row: PromotionRow): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  out.set(row.requestedById, "you requested this promotion");
  if (row.version.createdById) out.set(row.version.createdById, "you registered this version");
  const items = await tx.checklistItem.findMany({
    where: { versionId: row.version.id },
    select: { id: true, checkedById: true, waivedById: true },
  });
  for (const i of items) {
    if (i.checkedById && !out.has(i.checkedById))
      out.set(i.checkedById, "you ticked an item of this version's checklist");
    if (i.waivedById && !out.has(i.waivedById))
      out.set(i.waivedById, "you waived an item of this version's checklist");
  }
  const edits = await tx.auditEvent.findMany({
    where: {
      actorId: { not: null },
      OR: [
        { entityType: "checklist_item", entityId: { in: items.map((i) => i.id) } },
        { entityType: "model_version", entityId: row.version.id },
        {
          entityType: "model",
          entityId: row.version.modelId,
          action: "model.requirements.put",
          createdAt: { gte: row.createdAt },
        },
      ],
    },
    select: { actorId: true, entityType: true },
    distinct: ["actorId", "entityType"],
  });
  const words: Record<string, string> = {
    checklist_item: "you changed this version's checklist",
    model_version: "you edited this version",
    model: "you changed the model's requirements while this request was pending",
  };
  for (const e of edits) if (!out.has(e.actorId!)) out.set(e.actorId!, words[e.entityType]);
  return out;
}

/** Votes come from the voter's own session or a token the voter minted for themselves. */
function requireOwnCredentials(principal: Principal) {
  if (principal.token && !principal.token.ownIssued) {
    throw forbidden(
      "This API token was created for you by someone else; it cannot approve or reject. Vote from your own session or a token you created.",
    );
  }
}

/** Approving re-checks what a new request is checked for: nothing it names may be archived. */
function requireStillExists(row: PromotionRow) {
  if (row.version.model.archived)
    throw unprocessable(`Model "${row.version.model.slug}" is archived.`);
  if (row.version.stage === "archived")
    throw unprocessable(`Version ${row.version.version} is archived.`);
  if (row.target.archived) throw unprocessable(`Target "${row.target.slug}" is archived.`);
}

/**
 * Called in the same transaction as any change to a version, its checklist or its model's
 * requirements: every pending request of those versions is re-pinned at once, so the queue
 * shows invalidated approvals the moment they stop counting.
 */
export async function repinPending(
  tx: Tx,
  actor: Actor,
  where: { versionId?: string; modelId?: string },
) {
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

/** Bring a pending request up to date in its own transaction, so a refused vote cannot undo the re-pin. */
async function refresh(actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    const row = await lockPending(tx, id);
    await repin(tx, actor, row);
  }, txOptions);
}

export interface Vote {
  comment?: string;
  /** The snapshot hash the voter was shown. */
  snapshotHash: string;
}

export async function approvePromotion(principal: Principal, id: string, vote: Vote) {
  const actor = actorOf(principal);
  requireOwnCredentials(principal);
  await expireStale();
  await refresh(actor, id);
  await db.$transaction(async (tx) => {
    const row = await lockPending(tx, id);
    const conflictOfInterest = (await contributors(tx, row)).get(principal.user.id);
    if (conflictOfInterest) {
      throw forbidden(
        `You cannot approve this request: ${conflictOfInterest}. Another approver must decide it${row.requestedById === principal.user.id ? "; you may cancel it instead" : ""}.`,
      );
    }
    requireStillExists(row);
    requireShownSnapshot(row, vote.snapshotHash);
    const prior = row.approvals.find((a) => a.userId === principal.user.id);
    if (prior && prior.valid && prior.snapshotHash === row.snapshotHash) {
      throw conflict("You already approved this request.");
    }
    const gates = row.gates as unknown as Gate[];
    if (blockingFailures(gates).length) throw gateFailed(gates);
    await tx.promotionApproval.upsert({
      where: { promotionId_userId: { promotionId: id, userId: principal.user.id } },
      create: {
        promotionId: id,
        userId: principal.user.id,
        decision: "approve",
        comment: vote.comment || null,
        snapshotHash: row.snapshotHash,
      },
      update: {
        decision: "approve",
        comment: vote.comment || null,
        snapshotHash: row.snapshotHash,
        valid: true,
        createdAt: new Date(),
      },
    });
    const fresh = await loadPromotion(tx, id);
    const count = countsFor(fresh);
    await recordAudit(tx, actor, {
      action: "promotion.approve",
      entityType: "promotion",
      entityId: id,
      after: {
        comment: vote.comment ?? null,
        approvals: count,
        requiredApprovals: fresh.requiredApprovals,
        snapshotHash: fresh.snapshotHash,
      },
    });
    if (count >= fresh.requiredApprovals) await approveAndDeploy(tx, actor, fresh);
  }, txOptions);
  return serializePromotion(await loadPromotion(db, id));
}

export async function rejectPromotion(principal: Principal, id: string, vote: Vote) {
  const actor = actorOf(principal);
  requireOwnCredentials(principal);
  await expireStale();
  await refresh(actor, id);
  await db.$transaction(async (tx) => {
    const row = await lockPending(tx, id);
    if (row.requestedById === principal.user.id) {
      throw forbidden("You requested this promotion; cancel it instead of rejecting it.");
    }
    requireShownSnapshot(row, vote.snapshotHash);
    await tx.promotionApproval.upsert({
      where: { promotionId_userId: { promotionId: id, userId: principal.user.id } },
      create: {
        promotionId: id,
        userId: principal.user.id,
        decision: "reject",
        comment: vote.comment || null,
        snapshotHash: row.snapshotHash,
      },
      update: {
        decision: "reject",
        comment: vote.comment || null,
        snapshotHash: row.snapshotHash,
        valid: true,
        createdAt: new Date(),
      },
    });
    await tx.promotionRequest.update({
      where: { id },
      data: { status: "rejected", decidedAt: new Date() },
    });
    await refreshProgress(tx, { versionIds: [row.version.id] });
    await recordAudit(tx, actor, {
      action: "promotion.reject",
      entityType: "promotion",
      entityId: id,
      after: { comment: vote.comment ?? null },
    });
    await emitEvent(
      tx,
      "promotion.rejected",
      { type: "promotion", id },
      {
        promotionId: id,
        model: row.version.model.slug,
        version: row.version.version,
        target: row.target.slug,
        by: actor.label,
        comment: vote.comment ?? null,
      },
    );
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
    await tx.promotionRequest.update({
      where: { id },
      data: { status: "cancelled", decidedAt: new Date(), cancelledById: principal.user.id },
    });
    await refreshProgress(tx, { versionIds: [row.version.id] });
    await recordAudit(tx, actor, {
      action: "promotion.cancel",
      entityType: "promotion",
      entityId: id,
      after: { comment: comment ?? null },
    });
    await emitEvent(
      tx,
      "promotion.cancelled",
      { type: "promotion", id },
      { promotionId: id, by: actor.label },
    );
  }, txOptions);
  return serializePromotion(await loadPromotion(db, id));
}
