import { diffLines } from "diff";
import { db, type Tx } from "@/lib/db";
import { env, namedVariable } from "@/lib/env";
import { notFound, validationFailed } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { commitFile, GitRefused, scrub } from "@/lib/gitops/git";
import { ManifestError, type ManifestInput, renderManifest } from "@/lib/gitops/manifest";
import { keyset } from "@/lib/pagination";
import { pool } from "@/lib/pg";
import type { DeliveryDto, DeliveryReason, DeliverySummaryDto } from "@/lib/schemas/deliveries";
import type { GitopsDelivery } from "@/lib/schemas/targets";
import { emitEvent } from "./events";

// GitOps delivery as an outbox (docs/delivery.md). The transaction that changes a deployment
// also writes a `deliveries` row holding the rendered manifest: the manifest is frozen with
// the change, and a delivery exists exactly when its change committed. A job commits the rows
// to the target's repository in order (per file), outside any transaction, with retries and
// exponential backoff. A worker that dies after its push landed leaves the row pending; the
// next attempt finds the commit by its `Modelgate-Delivery` trailer and commits nothing more.

/** A gitops target's stored settings (the column is null for record-only targets). */
export type GitopsSettings = Omit<GitopsDelivery, "credentialsEnv"> & {
  credentialsEnv: string | null;
};

export function gitopsSettings(stored: Prisma.JsonValue | null): GitopsSettings | null {
  const d = stored as GitopsSettings | null;
  return d?.kind === "gitops" ? d : null;
}

/** The longest wait between attempts. */
const MAX_BACKOFF_SECONDS = 30 * 60;

/** Seconds to wait after the n-th failed attempt: 10 s, 20 s, 40 s … at most 30 minutes. */
export function deliveryBackoffSeconds(failures: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, 10 * 2 ** Math.max(0, failures - 1));
}

export const deliverySummarySelect = {
  id: true,
  state: true,
  commit: true,
  path: true,
  error: true,
  attempts: true,
  nextAttemptAt: true,
  committedAt: true,
  reason: true,
} satisfies Prisma.DeliverySelect;

type SummaryRow = Prisma.DeliveryGetPayload<{ select: typeof deliverySummarySelect }>;

export function serializeDeliverySummary(d: SummaryRow): DeliverySummaryDto {
  return {
    id: d.id,
    state: d.state,
    commit: d.commit,
    path: d.path,
    error: d.error,
    attempts: d.attempts,
    // Only a pending delivery has a next attempt.
    nextAttemptAt: d.state === "pending" ? d.nextAttemptAt.toISOString() : null,
    committedAt: d.committedAt?.toISOString() ?? null,
    reason: d.reason as DeliveryReason,
  };
}

/** Where the manifest goes: the target's path template with the slugs filled in. */
export function deliveryPath(template: string, slugs: { model: string; target: string }) {
  return template.replaceAll("{model}", slugs.model).replaceAll("{target}", slugs.target);
}

function messageFor(
  reason: DeliveryReason,
  d: { model: string; version: number; target: string; percent: number | null },
) {
  if (reason === "rollback" || reason === "restore")
    return `Roll back ${d.model} on ${d.target} to v${d.version}`;
  if (reason === "canary_step")
    return `Deploy ${d.model} v${d.version} to ${d.target} (canary ${d.percent}%)`;
  return `Deploy ${d.model} v${d.version} to ${d.target}`;
}

const versionSelect = { version: true, artifactUri: true, format: true, image: true } as const;

/** What a manifest takes from the target: its delivery settings and its resources. */
const targetSelect = {
  slug: true,
  delivery: true,
  cpuCores: true,
  memoryMb: true,
  gpu: true,
  minReplicas: true,
  maxReplicas: true,
} as const;

/**
 * Queue the manifest commit for a deployment change. Call INSIDE the transaction that makes the
 * change (activation, rollback, a canary step): the manifest is rendered here, from what the
 * transaction sees. Returns the delivery's id, or null when the target only records
 * deployments. A deployment that cannot be rendered (a kubernetes target and a version without
 * an image, a manifest its schema refuses) is recorded as a failed delivery with the reason,
 * and `delivery.failed` is emitted; the change itself still commits.
 *
 * `trafficPercent` (1–99) on a canary deployment renders the canary split; otherwise the
 * deployment is rendered as the one version serving the endpoint.
 */
export async function enqueueDelivery(
  tx: Tx,
  input: {
    deploymentId: string;
    reason: DeliveryReason;
    trafficPercent?: number | null;
    actor?: string;
  },
): Promise<string | null> {
  const d = await tx.deployment.findUniqueOrThrow({
    where: { id: input.deploymentId },
    select: {
      id: true,
      modelId: true,
      targetId: true,
      promotionId: true,
      canary: true,
      model: { select: { slug: true, name: true, taskType: true } },
      version: { select: versionSelect },
      target: { select: targetSelect },
    },
  });
  const settings = gitopsSettings(d.target.delivery);
  if (!settings) return null;
  const percent = input.trafficPercent ?? null;
  const canaryPercent = d.canary && percent !== null && percent < 100 ? percent : undefined;
  const rendered = await render(tx, d, settings, canaryPercent);
  const path = deliveryPath(settings.path, { model: d.model.slug, target: d.target.slug });
  const now = new Date();
  const row = await tx.delivery.create({
    data: {
      deploymentId: d.id,
      targetId: d.targetId,
      promotionId: d.promotionId,
      reason: input.reason,
      trafficPercent: percent,
      repoUrl: settings.repoUrl,
      branch: settings.branch,
      path,
      message: messageFor(input.reason, {
        model: d.model.slug,
        version: d.version.version,
        target: d.target.slug,
        percent,
      }),
      manifest: rendered.manifest ?? "",
      ...(rendered.error ? { state: "failed", error: rendered.error } : {}),
      nextAttemptAt: now,
    },
    select: { id: true },
  });
  if (rendered.error) {
    await emitEvent(
      tx,
      "delivery.failed",
      { type: "delivery", id: row.id },
      {
        deliveryId: row.id,
        deploymentId: d.id,
        model: d.model.slug,
        target: d.target.slug,
        version: d.version.version,
        path,
        reason: input.reason,
        error: rendered.error,
        attempts: 0,
        by: input.actor ?? null,
      },
    );
  }
  return row.id;
}

async function render(
  tx: Tx,
  d: {
    modelId: string;
    targetId: string;
    id: string;
    promotionId: string | null;
    model: { slug: string; name: string; taskType: string };
    version: ManifestInput["version"];
    target: { slug: string } & NonNullable<ManifestInput["resources"]>;
  },
  settings: GitopsSettings,
  canaryTrafficPercent: number | undefined,
): Promise<{ manifest?: string; error?: string }> {
  // A plain-Kubernetes canary runs beside the stable deployment: both are in the manifest.
  let stable: ManifestInput["stable"];
  if (canaryTrafficPercent !== undefined && settings.format === "kubernetes") {
    const s = await tx.deployment.findFirst({
      where: { modelId: d.modelId, targetId: d.targetId, status: "active", canary: false },
      select: { id: true, version: { select: versionSelect } },
    });
    if (s) stable = { ...s.version, deploymentId: s.id };
  }
  const { slug: targetSlug, ...resources } = d.target;
  try {
    return {
      manifest: renderManifest({
        format: settings.format,
        namespace: settings.namespace,
        model: d.model,
        target: { slug: targetSlug },
        version: d.version,
        deploymentId: d.id,
        promotionId: d.promotionId,
        canaryTrafficPercent,
        stable,
        resources,
      }),
    };
  } catch (e) {
    if (e instanceof ManifestError) return { error: e.message };
    throw e;
  }
}

type Claimed = {
  id: string;
  seq: string;
  deployment_id: string;
  target_id: string;
  promotion_id: string | null;
  reason: string;
  repo_url: string;
  branch: string;
  path: string;
  message: string;
  manifest: string;
  attempts: number;
};

/** Deliveries claimed per round: each round's commits finish well inside the lease. */
const CLAIM_BATCH = 4;

/** Timestamps are stored as UTC without a zone (Prisma's way): compare in the same terms. */
const utc = (d: Date) => d.toISOString().replace("Z", "");

/**
 * Commit due deliveries. Claims (a lease, committed at once, no lock held while git works)
 * pending rows that are due, oldest first, and only the oldest pending row of each file, so
 * the steps of a rollout land in the order they were made. Each is committed with its
 * trailers; a failure is retried after 10 s, 20 s, 40 s … (at most 30 minutes) until
 * MODELGATE_GITOPS_MAX_ATTEMPTS, then the delivery fails and `delivery.failed` is emitted.
 * A refused repository (a local path, an internal address) fails at once: retrying would
 * not change the answer.
 */
export async function processDeliveries(
  options: {
    /** The most deliveries this run attempts (default 20). */
    limit?: number;
    leaseSeconds?: number;
    /** Only these targets' deliveries (default: every target's). */
    targetIds?: string[];
  } = {},
): Promise<{ committed: number; failed: number; retried: number }> {
  const { limit = 20, leaseSeconds = env().MODELGATE_GITOPS_LEASE_SECONDS, targetIds } = options;
  const outcome = { committed: 0, failed: 0, retried: 0 };
  for (let done = 0; done < limit;) {
    const now = new Date();
    const { rows } = await pool().query<Claimed>(
      `UPDATE deliveries d SET lease_until = $2::timestamp + make_interval(secs => $3), updated_at = $2::timestamp
       WHERE d.id IN (
         SELECT c.id FROM deliveries c
         WHERE c.state = 'pending' AND c.next_attempt_at <= $2::timestamp
           AND (c.lease_until IS NULL OR c.lease_until < $2::timestamp)
           AND ($4::text[] IS NULL OR c.target_id = ANY($4::text[]))
           AND NOT EXISTS (
             SELECT 1 FROM deliveries o
             WHERE o.repo_url = c.repo_url AND o.branch = c.branch AND o.path = c.path
               AND o.state = 'pending' AND o.seq < c.seq)
         ORDER BY c.seq LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING d.id, d.seq, d.deployment_id, d.target_id, d.promotion_id, d.reason, d.repo_url,
         d.branch, d.path, d.message, d.manifest, d.attempts`,
      [Math.min(CLAIM_BATCH, limit - done), utc(now), leaseSeconds, targetIds ?? null],
    );
    if (rows.length === 0) break;
    done += rows.length;
    const results = await Promise.all(rows.map((row) => deliverOne(row)));
    for (const r of results) outcome[r]++;
  }
  return outcome;
}

async function deliverOne(row: Claimed): Promise<"committed" | "failed" | "retried"> {
  const target = await db.deploymentTarget.findUnique({
    where: { id: row.target_id },
    select: { delivery: true },
  });
  // The credentials of the target as it is now (a rotated token, a new key path).
  const credentialsEnv = gitopsSettings(target?.delivery ?? null)?.credentialsEnv ?? null;
  try {
    const { commit, alreadyDone } = await commitFile({
      repoUrl: row.repo_url,
      branch: row.branch,
      path: row.path,
      content: row.manifest,
      message: row.message,
      trailers: {
        "Modelgate-Deployment": row.deployment_id,
        ...(row.promotion_id ? { "Modelgate-Promotion": row.promotion_id } : {}),
        "Modelgate-Delivery": row.id,
      },
      credentialsEnv,
    });
    await settle(row, { state: "committed", commit, alreadyDone });
    return "committed";
  } catch (e) {
    const secret = credentialsEnv ? namedVariable(credentialsEnv) : undefined;
    const error = scrub(e instanceof Error ? e.message : String(e), [secret]).slice(0, 2000);
    const attempts = row.attempts + 1;
    const giveUp = e instanceof GitRefused || attempts >= env().MODELGATE_GITOPS_MAX_ATTEMPTS;
    await settle(row, giveUp ? { state: "failed", error } : { state: "pending", error });
    return giveUp ? "failed" : "retried";
  }
}

type Settlement =
  | { state: "committed"; commit: string; alreadyDone: boolean }
  | { state: "failed" | "pending"; error: string };

/** Record an attempt's outcome, and its event when the delivery is over, in one transaction. */
async function settle(row: Claimed, s: Settlement) {
  const attempts = row.attempts + 1;
  const now = new Date();
  await db.$transaction(async (tx) => {
    const updated = await tx.delivery.update({
      where: { id: row.id },
      data: {
        attempts,
        leaseUntil: null,
        ...(s.state === "committed"
          ? { state: "committed", commit: s.commit, committedAt: now, error: null }
          : {
              state: s.state,
              error: s.error,
              nextAttemptAt:
                s.state === "pending"
                  ? new Date(now.getTime() + deliveryBackoffSeconds(attempts) * 1000)
                  : undefined,
            }),
      },
      select: {
        path: true,
        deployment: {
          select: {
            model: { select: { slug: true } },
            version: { select: { version: true } },
            target: { select: { slug: true } },
          },
        },
      },
    });
    if (s.state === "pending") return;
    const data = {
      deliveryId: row.id,
      deploymentId: row.deployment_id,
      model: updated.deployment.model.slug,
      target: updated.deployment.target.slug,
      version: updated.deployment.version.version,
      path: updated.path,
      reason: row.reason,
      attempts,
    };
    if (s.state === "committed")
      await emitEvent(
        tx,
        "delivery.committed",
        { type: "delivery", id: row.id },
        { ...data, commit: s.commit, alreadyDone: s.alreadyDone },
      );
    else
      await emitEvent(
        tx,
        "delivery.failed",
        { type: "delivery", id: row.id },
        {
          ...data,
          error: s.error,
        },
      );
  });
}

const listInclude = {
  deployment: {
    select: {
      model: { select: { slug: true } },
      version: { select: { version: true } },
      target: { select: { slug: true } },
    },
  },
} satisfies Prisma.DeliveryInclude;

type ListRow = Prisma.DeliveryGetPayload<{ include: typeof listInclude }>;

function serializeDelivery(d: ListRow): DeliveryDto {
  return {
    ...serializeDeliverySummary(d),
    deploymentId: d.deploymentId,
    model: d.deployment.model.slug,
    version: d.deployment.version.version,
    target: d.deployment.target.slug,
    trafficPercent: d.trafficPercent,
    repoUrl: d.repoUrl,
    branch: d.branch,
    message: d.message,
    createdAt: d.createdAt.toISOString(),
  };
}

async function pageOfDeliveries(
  where: Prisma.DeliveryWhereInput,
  query: { limit: number; cursor?: string },
) {
  const keys = keyset(query);
  const after = keys.cursor ? String(keys.cursor.v) : null;
  if (after !== null && !/^\d{1,19}$/.test(after))
    throw validationFailed([{ path: "cursor", message: "not a cursor from this list" }]);
  const rows = await db.delivery.findMany({
    where: { ...where, ...(after !== null ? { seq: { lt: BigInt(after) } } : {}) },
    include: listInclude,
    orderBy: { seq: "desc" },
    take: keys.take,
  });
  const page = keys.page(rows, (d) => ({ v: d.seq.toString(), id: d.id }));
  return { items: page.items.map(serializeDelivery), nextCursor: page.nextCursor };
}

/** A target's deliveries, newest first (a page). */
export async function listTargetDeliveries(
  slug: string,
  query: { limit: number; cursor?: string },
) {
  const target = await db.deploymentTarget.findUnique({ where: { slug }, select: { id: true } });
  if (!target) throw notFound(`Target "${slug}"`);
  return pageOfDeliveries({ targetId: target.id }, query);
}

/** A deployment's deliveries (activation, canary steps, …), newest first (a page). */
export async function listDeploymentDeliveries(
  id: string,
  query: { limit: number; cursor?: string },
) {
  const found = await db.deployment.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw notFound("Deployment");
  return pageOfDeliveries({ deploymentId: id }, query);
}

/** What the deployment id reads as in a manifest previewed before approval. */
const NOT_YET_DEPLOYED = "assigned-on-approval";

/**
 * A version's manifest for a target as it would be rendered before any approval (the
 * deployment id not assigned yet), with where it would go. Null when the target only records
 * deployments.
 */
async function renderBeforeApproval(
  client: Tx,
  q: { versionId: string; targetId: string; promotionId: string | null; canaryPercent?: number },
) {
  const stored = await client.deploymentTarget.findUniqueOrThrow({
    where: { id: q.targetId },
    select: targetSelect,
  });
  const settings = gitopsSettings(stored.delivery);
  if (!settings) return null;
  const { modelId, model, ...version } = await client.modelVersion.findUniqueOrThrow({
    where: { id: q.versionId },
    select: {
      ...versionSelect,
      modelId: true,
      model: { select: { slug: true, name: true, taskType: true } },
    },
  });
  const { delivery: _settings, ...target } = stored;
  const rendered = await render(
    client,
    {
      modelId,
      targetId: q.targetId,
      id: NOT_YET_DEPLOYED,
      promotionId: q.promotionId,
      model,
      version,
      target,
    },
    settings,
    q.canaryPercent,
  );
  const path = deliveryPath(settings.path, { model: model.slug, target: target.slug });
  return { format: settings.format, path, ...rendered };
}

/**
 * The manifest commit a pending promotion would make once approved (its first canary step
 * when it asks for a canary), as a line diff against the last manifest committed to the same
 * file. Null when the target only records deployments.
 */
export async function previewDelivery(
  client: Tx,
  promotionId: string,
): Promise<{ path: string; lines: DiffLine[]; error: string | null } | null> {
  const p = await client.promotionRequest.findUniqueOrThrow({
    where: { id: promotionId },
    select: { rollout: true, versionId: true, targetId: true },
  });
  const plan = p.rollout as { strategy?: string; steps?: { percent: number }[] } | null;
  const canaryPercent = plan?.strategy === "canary" ? plan.steps?.[0]?.percent : undefined;
  const { versionId, targetId } = p;
  const r = await renderBeforeApproval(client, { versionId, targetId, promotionId, canaryPercent });
  if (!r) return null;
  if (r.error) return { path: r.path, lines: [], error: r.error };
  const last = await client.delivery.findFirst({
    where: { targetId, path: r.path, state: "committed" },
    orderBy: { seq: "desc" },
    select: { manifest: true },
  });
  return { path: r.path, lines: lineDiff(last?.manifest ?? "", r.manifest!), error: null };
}

/**
 * Whether a version can be delivered to a target at all, before anyone approves it: null where
 * the target only records deployments; else its format and why no manifest can be made (a
 * Kubernetes target and a version without an image, a resource its schema refuses), or null.
 * The promotion gates block on the problem, so an approval never ends in a delivery that
 * could only fail.
 */
export async function deliverability(
  client: Tx,
  versionId: string,
  targetId: string,
): Promise<{ format: GitopsSettings["format"]; problem: string | null } | null> {
  const r = await renderBeforeApproval(client, { versionId, targetId, promotionId: null });
  return r && { format: r.format, problem: r.error ?? null };
}

export interface DiffLine {
  op: " " | "+" | "-";
  text: string;
}

/** A whole-file line diff (jsdiff), each line marked kept, added or removed. */
export function lineDiff(before: string, after: string): DiffLine[] {
  return diffLines(before, after).flatMap((part) =>
    part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((text) => ({ op: part.added ? "+" : part.removed ? "-" : " ", text }) as DiffLine),
  );
}
