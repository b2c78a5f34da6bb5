import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { conflict, notFound, unprocessable } from "@/lib/errors";
import { keyset } from "@/lib/pagination";
import type {
  ComparisonDto,
  VersionCreate,
  VersionDto,
  VersionUpdate,
} from "@/lib/schemas/versions";
import type { ChecklistTemplate, VersionStage } from "@/lib/generated/prisma/client";
import { type Actor, recordAudit } from "./audit";
import { checklistProgress } from "./checklist/evidence";
import { refreshProgress } from "./checklist/progress";
import { ensureDefaultTemplates } from "./checklist/templates";
import { emitEvent } from "./events";
import { closeRetraining } from "./retraining";
import { cancelPendingFor } from "./promotions/cancel";
import { repinPending } from "./promotions/requests";
import { checkRequirements } from "./requirement-checks";

// Versions of a model: registration (numbered atomically per model), reads with the
// requirement checks, metadata edits, and comparison.

const versionInclude = {
  model: { select: { slug: true, requirements: true } },
  createdBy: { select: { id: true, email: true, name: true } },
  retrainedFor: { select: { id: true } },
} satisfies Prisma.ModelVersionInclude;

type VersionRow = Prisma.ModelVersionGetPayload<{ include: typeof versionInclude }>;

type Progress = { done: number; total: number };

export function serializeVersion(
  v: VersionRow,
  checklist: Progress = { done: 0, total: 0 },
): VersionDto {
  const evalMetrics = (v.evalMetrics ?? {}) as Record<string, number>;
  return {
    id: v.id,
    model: v.model.slug,
    version: v.version,
    artifactUri: v.artifactUri,
    image: v.image,
    format: v.format,
    sizeBytes: v.sizeBytes === null ? null : Number(v.sizeBytes),
    sha256: v.sha256,
    gitCommit: v.gitCommit,
    trainingData: v.trainingData,
    runUrl: v.runUrl,
    params: (v.params ?? null) as Record<string, unknown> | null,
    evalMetrics,
    optimization: (v.optimization ?? null) as VersionDto["optimization"],
    modelCard: v.modelCard,
    stage: v.stage,
    createdBy: v.createdBy,
    retrainingRequestId: v.retrainedFor?.id ?? null,
    checklist,
    requirementChecks: checkRequirements(v.model.requirements, evalMetrics),
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

async function withProgress(rows: VersionRow[]) {
  const progress = await checklistProgress(rows.map((r) => r.id));
  return rows.map((r) => serializeVersion(r, progress.get(r.id)));
}

/**
 * Register a version. The model row is locked (SELECT … FOR UPDATE) for the transaction, so
 * concurrent registrations queue and each takes the next number: no gap, no duplicate.
 * The checklist is copied from the templates current now; later template edits leave it be.
 */
export async function registerVersion(actor: Actor, slug: string, input: VersionCreate) {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<
        { id: string; latest_version: number | null; archived: boolean }[]
      >(
        Prisma.sql`SELECT id, latest_version, archived FROM models WHERE slug = ${slug} FOR UPDATE`,
      );
      const model = locked[0];
      if (!model) throw notFound(`Model "${slug}"`);
      if (model.archived)
        throw unprocessable(`Model "${slug}" is archived; unarchive it to register versions`);
      const number = (model.latest_version ?? 0) + 1;
      const created = await tx.modelVersion.create({
        data: {
          modelId: model.id,
          version: number,
          artifactUri: input.artifactUri,
          image: input.image,
          format: input.format,
          sizeBytes: input.sizeBytes === undefined ? undefined : BigInt(input.sizeBytes),
          sha256: input.sha256,
          gitCommit: input.gitCommit?.toLowerCase(),
          trainingData: input.trainingData,
          runUrl: input.runUrl,
          params: input.params as Prisma.InputJsonValue | undefined,
          evalMetrics: input.evalMetrics ?? {},
          optimization: input.optimization as Prisma.InputJsonValue | undefined,
          modelCard: input.modelCard,
          createdById: actor.userId,
        },
        include: versionInclude,
      });
      await tx.model.update({
        where: { id: model.id },
        data: { latestVersion: number, latestStage: created.stage },
      });
      await copyChecklist(tx, created.id);
      await refreshProgress(tx, { versionIds: [created.id] });
      if (input.retrainingRequestId) {
        const request = await closeRetraining(tx, actor, {
          requestId: input.retrainingRequestId,
          modelId: model.id,
          versionId: created.id,
        });
        created.retrainedFor = { id: request.id };
      }
      const dto = serializeVersion(created);
      await recordAudit(tx, actor, {
        action: "model_version.create",
        entityType: "model_version",
        entityId: created.id,
        after: dto,
      });
      await emitEvent(
        tx,
        "version.registered",
        { type: "model_version", id: created.id },
        {
          model: slug,
          version: number,
          artifactUri: dto.artifactUri,
          evalMetrics: dto.evalMetrics,
          createdBy: actor.label,
          retrainingRequestId: dto.retrainingRequestId,
        },
      );
      return dto;
    },
    { maxWait: 15_000, timeout: 20_000 },
  );
}

/** A version's copy of a template: later edits to the template leave it as it was. */
export function checklistItemFromTemplate(versionId: string, t: ChecklistTemplate) {
  return {
    versionId,
    stage: t.stage,
    key: t.key,
    title: t.title,
    description: t.description,
    required: t.required,
    position: t.position,
    evidenceRule: t.evidenceRule,
  };
}

async function copyChecklist(tx: Tx, versionId: string) {
  await ensureDefaultTemplates(tx);
  const templates = await tx.checklistTemplate.findMany({
    where: { active: true },
    orderBy: [{ stage: "asc" }, { position: "asc" }],
  });
  if (templates.length === 0) return;
  await tx.checklistItem.createMany({
    data: templates.map((t) => checklistItemFromTemplate(versionId, t)),
  });
}

async function versionRow(slug: string, n: number, client: Tx = db) {
  const row = await client.modelVersion.findFirst({
    where: { model: { slug }, version: n },
    include: versionInclude,
  });
  if (!row) throw notFound(`Version ${n} of model "${slug}"`);
  return row;
}

export async function getVersion(slug: string, n: number) {
  const [dto] = await withProgress([await versionRow(slug, n)]);
  return dto;
}

export async function listVersions(
  slug: string,
  query: { stage?: VersionStage; limit: number; cursor?: string },
) {
  const model = await db.model.findUnique({ where: { slug }, select: { id: true } });
  if (!model) throw notFound(`Model "${slug}"`);
  const keys = keyset(query);
  const rows = await db.modelVersion.findMany({
    where: {
      modelId: model.id,
      ...(query.stage ? { stage: query.stage } : {}),
      // A model's version numbers are unique: the number alone orders the keyset.
      ...(keys.cursor ? { version: { lt: Number(keys.cursor.v) } } : {}),
    },
    include: versionInclude,
    orderBy: { version: "desc" },
    take: keys.take,
  });
  const page = keys.page(rows, (v) => ({ v: v.version, id: v.id }));
  return { items: await withProgress(page.items), nextCursor: page.nextCursor };
}

type Frozen = "running" | "approved for deployment";

/** How many targets run the version, and why its metadata is frozen (null while it may change). */
async function standing(tx: Tx, versionId: string) {
  const [running, approved] = await Promise.all([
    tx.deployment.count({ where: { versionId, status: "active" } }),
    tx.promotionRequest.count({ where: { versionId, status: "approved" } }),
  ]);
  const frozen: Frozen | null = running ? "running" : approved ? "approved for deployment" : null;
  return { running, frozen };
}

/** Why a version's metadata can no longer change, or null: what the edit form says instead. */
export async function versionFrozen(versionId: string): Promise<Frozen | null> {
  return (await standing(db, versionId)).frozen;
}

/**
 * Edit a version. What was approved is what runs: once a version has an approved request or
 * an active deployment, its metadata and eval metrics are frozen (a change means a new
 * version), and it cannot be archived while it runs. Archiving cancels its pending requests.
 */
export async function updateVersion(actor: Actor, slug: string, n: number, input: VersionUpdate) {
  return db.$transaction(
    async (tx) => {
      const before = await versionRow(slug, n, tx);
      // Lock the version row: an approval deploying it right now waits for this edit, or the reverse.
      await tx.$executeRaw`SELECT 1 FROM model_versions WHERE id = ${before.id} FOR UPDATE`;
      const { running, frozen } = await standing(tx, before.id);
      const edits = Object.keys(input).filter((k) => k !== "stage");
      if (edits.length && frozen) {
        throw conflict(
          `Version ${n} is ${frozen}; its ${edits.join(", ")} cannot change. Register a new version with the change instead.`,
          { frozen: edits },
        );
      }
      if (input.stage === "archived" && running) {
        throw conflict(
          `Version ${n} runs on ${running} target(s); roll it back or replace it before archiving.`,
        );
      }
      if (input.stage === "archived")
        await cancelPendingFor(
          tx,
          actor,
          { versionId: before.id },
          `version ${n} of "${slug}" was archived`,
        );
      const { evalMetrics, stage, params, optimization, ...rest } = input;
      const after = await tx.modelVersion.update({
        where: { id: before.id },
        data: {
          ...rest,
          gitCommit: rest.gitCommit?.toLowerCase() ?? rest.gitCommit,
          ...(params !== undefined
            ? { params: params === null ? Prisma.DbNull : (params as Prisma.InputJsonValue) }
            : {}),
          ...(optimization !== undefined
            ? {
                optimization:
                  optimization === null ? Prisma.DbNull : (optimization as Prisma.InputJsonValue),
              }
            : {}),
          ...(evalMetrics
            ? {
                evalMetrics: {
                  ...((before.evalMetrics ?? {}) as Record<string, number>),
                  ...evalMetrics,
                },
              }
            : {}),
          ...(stage ? { stage } : {}),
        },
        include: versionInclude,
      });
      if (stage) {
        const model = await tx.model.findUniqueOrThrow({
          where: { slug },
          select: { id: true, latestVersion: true },
        });
        if (model.latestVersion === n)
          await tx.model.update({ where: { id: model.id }, data: { latestStage: stage } });
      }
      const dto = serializeVersion(after);
      const onlyMetrics = Object.keys(input).length === 1 && evalMetrics;
      await recordAudit(tx, actor, {
        action: onlyMetrics
          ? "model_version.metrics"
          : stage
            ? "model_version.archive"
            : "model_version.update",
        entityType: "model_version",
        entityId: before.id,
        before: serializeVersion(before),
        after: dto,
      });
      await refreshProgress(tx, { versionIds: [before.id] });
      await repinPending(tx, actor, { versionId: before.id });
      return dto;
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

/** Two to four versions side by side; each metric's delta is against the first version asked for. */
export async function compareVersions(slug: string, numbers: number[]): Promise<ComparisonDto> {
  const model = await db.model.findUnique({ where: { slug }, select: { id: true } });
  if (!model) throw notFound(`Model "${slug}"`);
  const rows = await db.modelVersion.findMany({
    where: { modelId: model.id, version: { in: numbers } },
    include: versionInclude,
  });
  const missing = numbers.filter((n) => !rows.some((r) => r.version === n));
  if (missing.length)
    throw notFound(
      `Version${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of model "${slug}"`,
    );
  const ordered = numbers.map((n) => rows.find((r) => r.version === n)!);
  const versions = await withProgress(ordered);
  return { model: slug, versions, metrics: metricDeltas(versions) };
}

export function metricDeltas(versions: { version: number; evalMetrics: Record<string, number> }[]) {
  const names = [...new Set(versions.flatMap((v) => Object.keys(v.evalMetrics)))].sort();
  const base = versions[0];
  return names.map((name) => ({
    name,
    values: versions.map((v) => {
      const value = v.evalMetrics[name] ?? null;
      const ref = base.evalMetrics[name] ?? null;
      const delta = value !== null && ref !== null && v !== base ? value - ref : null;
      const deltaPct =
        delta !== null && ref !== 0 && ref !== null ? (delta / Math.abs(ref)) * 100 : null;
      return { version: v.version, value, delta, deltaPct };
    }),
  }));
}
