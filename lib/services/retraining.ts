import { db, type Tx } from "@/lib/db";
import { Prisma, type RetrainingRequest } from "@/lib/generated/prisma/client";
import { conflict, invalidField, notFound } from "@/lib/errors";
import {
  type RetrainingEvidence,
  type RetrainingPolicy,
  type RetrainingRequestDto,
  type RetrainingSignal,
  retrainingPolicy,
  signalLabels,
} from "@/lib/schemas/retraining";
import { type Actor, recordAudit, systemActor } from "./audit";
import { emitEvent } from "./events";

// The retraining loop. Monitoring signals (dataset drift, concept drift, estimated or realized
// performance below the requirement, data quality) reach `requestRetraining` in the
// transaction that detected them; the model's policy decides whether they open a request. One
// request is open per model at a time (a partial unique index): a signal arriving while one is
// open adds its evidence to it. `retraining.requested` is the event a training pipeline
// listens for; registering a version with `retrainingRequestId` closes the request.

/** At most this many evidence items on one request: a noisy signal cannot grow it for ever. */
const MAX_EVIDENCE = 50;

export interface Signal {
  deploymentId: string;
  signal: RetrainingSignal;
  /** When what the evidence describes happened. */
  at: Date;
  /** When it is judged (the request's time, and what the cooldown counts from); default now. */
  now?: Date;
  summary: string;
  figures: Record<string, number | string | null>;
  features?: string[];
}

const policyOf = (raw: unknown): RetrainingPolicy | null => {
  const parsed = retrainingPolicy.safeParse(raw);
  return raw != null && parsed.success ? parsed.data : null;
};

const dayOf = (iso: string) => iso.slice(0, 10);

type Row = RetrainingRequest & { model: { slug: string }; version: { version: number } | null };

export function serializeRequest(r: Row): RetrainingRequestDto {
  const evidence = r.evidence as unknown as RetrainingEvidence[];
  const first = evidence[0];
  const why = `${signalLabels[r.signal as RetrainingSignal]} detected on ${dayOf(first?.at ?? r.createdAt.toISOString())}${first?.target ? ` on ${first.target}` : ""}`;
  const summary =
    r.state === "closed" && r.version
      ? `v${r.version.version} was trained because of ${why}.`
      : r.state === "dismissed"
        ? `Dismissed: ${why}${r.reason ? ` (${r.reason})` : ""}.`
        : `Retraining requested because of ${why}.`;
  return {
    id: r.id,
    model: r.model.slug,
    state: r.state,
    signal: r.signal as RetrainingSignal,
    deploymentId: r.deploymentId,
    evidence,
    version: r.version?.version ?? null,
    reason: r.reason,
    closedAt: r.closedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    summary,
  };
}

const include = { model: { select: { slug: true } }, version: { select: { version: true } } };

/**
 * A monitoring signal on a deployment: opens a retraining request when the model's policy
 * counts it and its cooldown has passed, or adds the evidence to the open one. Returns the
 * request, or null when the policy did not ask for one.
 */
export async function requestRetraining(tx: Tx, s: Signal): Promise<RetrainingRequestDto | null> {
  const deployment = await tx.deployment.findUnique({
    where: { id: s.deploymentId },
    select: {
      modelId: true,
      version: { select: { version: true } },
      target: { select: { name: true } },
    },
  });
  if (!deployment) return null;
  // The model row is the lock: two signals at once open one request between them.
  const [model] = await tx.$queryRaw<{ id: string; retraining_policy: unknown }[]>`
    SELECT id, retraining_policy FROM models WHERE id = ${deployment.modelId} FOR UPDATE`;
  const policy = policyOf(model?.retraining_policy);
  if (!policy?.enabled || !policy.signals.includes(s.signal)) return null;
  const item: RetrainingEvidence = {
    signal: s.signal,
    at: s.at.toISOString(),
    deploymentId: s.deploymentId,
    target: deployment.target.name,
    version: deployment.version.version,
    summary: s.summary,
    figures: s.figures,
    features: s.features ?? [],
  };
  const open = await tx.retrainingRequest.findFirst({
    where: { modelId: model.id, state: "open" },
  });
  if (open) {
    const evidence = open.evidence as unknown as RetrainingEvidence[];
    if (evidence.length >= MAX_EVIDENCE) return null;
    const updated = await tx.retrainingRequest.update({
      where: { id: open.id },
      data: { evidence: [...evidence, item] as unknown as Prisma.InputJsonValue },
      include,
    });
    return serializeRequest(updated);
  }
  const last = await tx.retrainingRequest.findFirst({
    where: { modelId: model.id },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const now = s.now ?? new Date();
  if (last && now.getTime() - last.createdAt.getTime() < policy.cooldownHours * 3_600_000)
    return null;
  const created = await tx.retrainingRequest.create({
    data: {
      modelId: model.id,
      deploymentId: s.deploymentId,
      signal: s.signal,
      evidence: [item] as unknown as Prisma.InputJsonValue,
      createdAt: now,
    },
    include,
  });
  const dto = serializeRequest(created);
  await recordAudit(tx, systemActor, {
    action: "retraining.requested",
    entityType: "retraining_request",
    entityId: created.id,
    after: { signal: s.signal, evidence: item },
  });
  await emitEvent(
    tx,
    "retraining.requested",
    { type: "retraining_request", id: created.id },
    { request: dto },
  );
  return dto;
}

/** Registering a version for an open request closes it (in the registration's transaction). */
export async function closeRetraining(
  tx: Tx,
  actor: Actor,
  { requestId, modelId, versionId }: { requestId: string; modelId: string; versionId: string },
) {
  const request = await tx.retrainingRequest.findUnique({ where: { id: requestId } });
  if (!request || request.modelId !== modelId)
    throw invalidField(
      "retrainingRequestId",
      "no retraining request of this model has this id",
      `Retraining request "${requestId}" is not one of this model's`,
    );
  if (request.state !== "open")
    throw invalidField(
      "retrainingRequestId",
      `the request is ${request.state}`,
      `Retraining request "${requestId}" is already ${request.state}`,
    );
  const closed = await tx.retrainingRequest.update({
    where: { id: requestId },
    data: { state: "closed", versionId, closedAt: new Date() },
    include,
  });
  const dto = serializeRequest(closed);
  await recordAudit(tx, actor, {
    action: "retraining.closed",
    entityType: "retraining_request",
    entityId: requestId,
    after: { version: dto.version },
  });
  await emitEvent(
    tx,
    "retraining.closed",
    { type: "retraining_request", id: requestId },
    { request: dto },
  );
  return dto;
}

export async function dismissRetraining(actor: Actor, id: string, reason: string) {
  return db.$transaction(async (tx) => {
    const request = await tx.retrainingRequest.findUnique({ where: { id } });
    if (!request) throw notFound(`Retraining request "${id}"`);
    if (request.state !== "open") throw conflict(`The request is already ${request.state}`);
    const updated = await tx.retrainingRequest.update({
      where: { id },
      data: { state: "dismissed", reason, closedAt: new Date() },
      include,
    });
    await recordAudit(tx, actor, {
      action: "retraining.dismissed",
      entityType: "retraining_request",
      entityId: id,
      after: { reason },
    });
    return serializeRequest(updated);
  });
}

export async function listRetraining(
  slug: string,
  q: { state?: RetrainingRequest["state"]; limit: number },
) {
  const model = await db.model.findUnique({ where: { slug }, select: { id: true } });
  if (!model) throw notFound(`Model "${slug}"`);
  const rows = await db.retrainingRequest.findMany({
    where: { modelId: model.id, state: q.state },
    orderBy: { createdAt: "desc" },
    take: q.limit,
    include,
  });
  return { items: rows.map(serializeRequest) };
}

export async function getRetraining(id: string) {
  const row = await db.retrainingRequest.findUnique({ where: { id }, include });
  if (!row) throw notFound(`Retraining request "${id}"`);
  return serializeRequest(row);
}

export async function getRetrainingPolicy(slug: string) {
  const model = await db.model.findUnique({ where: { slug }, select: { retrainingPolicy: true } });
  if (!model) throw notFound(`Model "${slug}"`);
  return { policy: policyOf(model.retrainingPolicy) };
}

/** Set (or, with null, remove) a model's retraining policy. */
export async function setRetrainingPolicy(
  actor: Actor,
  slug: string,
  policy: RetrainingPolicy | null,
) {
  return db.$transaction(async (tx) => {
    const before = await tx.model.findUnique({
      where: { slug },
      select: { id: true, retrainingPolicy: true },
    });
    if (!before) throw notFound(`Model "${slug}"`);
    await tx.model.update({
      where: { id: before.id },
      data: { retrainingPolicy: policy ?? Prisma.DbNull },
    });
    await recordAudit(tx, actor, {
      action: "model.retraining_policy",
      entityType: "model",
      entityId: before.id,
      before: before.retrainingPolicy,
      after: policy,
    });
    return { policy };
  });
}
