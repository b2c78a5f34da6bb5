import { db } from "@/lib/db";
import { Prisma, type TargetEnvironment } from "@/lib/generated/prisma/client";
import { conflict, notFound } from "@/lib/errors";
import { afterCursor, keyset } from "@/lib/pagination";
import { tag } from "@/lib/schemas/common";
import type {
  DeploymentSummaryDto,
  ModelCreate,
  ModelDetailDto,
  ModelDto,
  ModelListItemDto,
  ModelListQuery,
  ModelUpdate,
  RequirementsDto,
  RequirementsInput,
} from "@/lib/schemas/models";
import { syncDerivedRules } from "./alerts/rules";
import { cancelPendingFor } from "./promotions/cancel";
import { repinPending } from "./promotions/requests";
import { type Actor, recordAudit } from "./audit";
import { latestVersionProgress, refreshProgress } from "./checklist/progress";

// Models: the inventory's rows and the model page. Reads return the shapes of lib/schemas/models.ts
// (modelListItem, modelDetail), which the OpenAPI document at /api/v1/openapi.json publishes.

const modelInclude = {
  owner: { select: { id: true, email: true, name: true } },
  requirements: true,
} satisfies Prisma.ModelInclude;

type ModelRow = Prisma.ModelGetPayload<{ include: typeof modelInclude }>;

export function serializeRequirements(r: ModelRow["requirements"]): RequirementsDto | null {
  if (!r) return null;
  return {
    latencyP95Ms: r.latencyP95Ms,
    throughputRps: r.throughputRps,
    memoryMb: r.memoryMb,
    gpuRequired: r.gpuRequired,
    maxErrorRate: r.maxErrorRate,
    minMetricName: r.minMetricName,
    minMetricValue: r.minMetricValue,
    dataSensitivity: r.dataSensitivity,
    complianceTags: r.complianceTags,
    integrationStyle: r.integrationStyle,
    inputValidation: r.inputValidation,
    notes: r.notes,
  };
}

export function serializeModel(m: ModelRow): ModelDto {
  return {
    id: m.id,
    slug: m.slug,
    name: m.name,
    description: m.description,
    owner: m.owner,
    taskType: m.taskType,
    framework: m.framework,
    tags: m.tags,
    riskLevel: m.riskLevel,
    archived: m.archived,
    requirements: serializeRequirements(m.requirements),
    latestVersion:
      m.latestVersion !== null && m.latestStage
        ? { version: m.latestVersion, stage: m.latestStage }
        : null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

const sortColumns = { name: "name", updated: "updatedAt", created: "createdAt" } as const;

function listWhere(
  query: Omit<ModelListQuery, "sort" | "limit" | "cursor">,
): Prisma.ModelWhereInput[] {
  const q = query.q?.trim();
  return [
    { archived: query.archived === "true" },
    q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" } },
            { slug: { contains: q.toLowerCase() } },
            { description: { contains: q, mode: "insensitive" } },
            // Only a term that could be a tag: an OR arm the planner must cost keeps it from
            // the trigram indexes on the other three (a scan of every model instead).
            ...(tag.safeParse(q).success ? [{ tags: { has: q.toLowerCase() } }] : []),
          ],
        }
      : {},
    query.stage ? { latestStage: query.stage } : {},
    query.runningIn
      ? { deployments: { some: { status: "active", environment: query.runningIn } } }
      : {},
    query.tag ? { tags: { has: query.tag.toLowerCase() } } : {},
    query.risk ? { riskLevel: query.risk } : {},
    query.task ? { taskType: query.task } : {},
    query.framework ? { framework: { equals: query.framework, mode: "insensitive" } } : {},
    query.owner
      ? {
          owner: {
            OR: [{ id: query.owner }, { email: { equals: query.owner, mode: "insensitive" } }],
          },
        }
      : {},
  ];
}

type ActiveDeploymentRow = {
  id: string;
  model_id: string;
  activated_at: Date | null;
  slug: string;
  name: string;
  environment: TargetEnvironment;
  version: number;
};

/**
 * What each inventory row shows beside the model's own columns: owner, requirements, active
 * deployments, checklist progress (stored, see checklist/progress.ts) and open alerts. All in one
 * parallel round after the page's rows: Prisma's `include` would load owner and requirements in
 * a round of its own, and the deployments' targets and versions in yet another.
 */
async function rowExtras(models: { id: string; ownerId: string | null }[]) {
  const ids = models.map((m) => m.id);
  const ownerIds = [...new Set(models.flatMap((m) => (m.ownerId ? [m.ownerId] : [])))];
  const [owners, requirements, deployments, checklist, alerts] = await Promise.all([
    ownerIds.length
      ? db.user.findMany({
          where: { id: { in: ownerIds } },
          select: { id: true, email: true, name: true },
        })
      : [],
    db.modelRequirements.findMany({ where: { modelId: { in: ids } } }),
    db.$queryRaw<ActiveDeploymentRow[]>(Prisma.sql`
      SELECT d.id, d.model_id, d.activated_at, t.slug, t.name, t.environment, v.version
      FROM deployments d
      JOIN deployment_targets t ON t.id = d.target_id
      JOIN model_versions v ON v.id = d.version_id
      WHERE d.model_id IN (${Prisma.join(ids)}) AND d.status = 'active'
      ORDER BY d.activated_at DESC`),
    latestVersionProgress(ids),
    db.$queryRaw<{ model_id: string; open: bigint }[]>(Prisma.sql`
      SELECT d.model_id, count(*) AS open
      FROM alerts a JOIN deployments d ON d.id = a.deployment_id
      WHERE d.model_id IN (${Prisma.join(ids)}) AND a.state IN ('pending', 'firing', 'acknowledged')
      GROUP BY d.model_id`),
  ]);
  const byModel = new Map<string, DeploymentSummaryDto[]>();
  for (const d of deployments) {
    const list = byModel.get(d.model_id) ?? [];
    list.push({
      id: d.id,
      target: { slug: d.slug, name: d.name, environment: d.environment },
      version: d.version,
      activatedAt: d.activated_at?.toISOString() ?? null,
    });
    byModel.set(d.model_id, list);
  }
  return {
    owners: new Map(owners.map((o) => [o.id, o])),
    requirements: new Map(requirements.map((r) => [r.modelId, r])),
    deployments: byModel,
    checklist,
    alerts: new Map(alerts.map((a) => [a.model_id, Number(a.open)])),
  };
}

export async function listModels(
  query: ModelListQuery,
): Promise<{ items: ModelListItemDto[]; nextCursor: string | null }> {
  const desc = query.sort.startsWith("-");
  const column = sortColumns[query.sort.replace(/^-/, "") as keyof typeof sortColumns];
  const keys = keyset(query);
  const filters = listWhere(query);
  const direction = desc ? "desc" : "asc";
  filters.push(
    afterCursor<Prisma.ModelWhereInput>(keys.cursor, column, {
      direction,
      date: column !== "name",
    }),
  );
  const rows = await db.model.findMany({
    where: { AND: filters },
    orderBy: [{ [column]: direction }, { id: direction }],
    take: keys.take,
  });
  const page = keys.page(rows, (m) => ({
    v: column === "name" ? m.name : m[column].toISOString(),
    id: m.id,
  }));
  if (page.items.length === 0) return { items: [], nextCursor: page.nextCursor };
  const extras = await rowExtras(page.items);
  return {
    items: page.items.map((m) => ({
      ...serializeModel({
        ...m,
        owner: (m.ownerId && extras.owners.get(m.ownerId)) || null,
        requirements: extras.requirements.get(m.id) ?? null,
      }),
      deployments: extras.deployments.get(m.id) ?? [],
      checklist: extras.checklist.get(m.id) ?? null,
      openAlerts: extras.alerts.get(m.id) ?? 0,
    })),
    nextCursor: page.nextCursor,
  };
}

/** How many (non-archived) models have their newest version in each stage; "none" for no versions. */
export async function stageCounts(): Promise<Record<string, number>> {
  const rows = await db.model.groupBy({
    by: ["latestStage"],
    where: { archived: false },
    _count: { _all: true },
  });
  const counts: Record<string, number> = {
    development: 0,
    staging: 0,
    production: 0,
    archived: 0,
    none: 0,
  };
  for (const r of rows) counts[r.latestStage ?? "none"] = r._count._all;
  return counts;
}

/**
 * How many (non-archived) models have an active deployment in each environment: where models
 * run, which the newest version's stage does not say (v1 in production, v2 in development).
 */
export async function runningCounts(): Promise<Record<"staging" | "production", number>> {
  const rows = await db.$queryRaw<{ environment: "staging" | "production"; n: bigint }[]>`
    SELECT d.environment, count(DISTINCT d.model_id) AS n
    FROM deployments d JOIN models m ON m.id = d.model_id
    WHERE d.status = 'active' AND NOT m.archived AND d.environment IS NOT NULL
    GROUP BY d.environment`;
  const counts = { staging: 0, production: 0 };
  for (const r of rows) counts[r.environment] = Number(r.n);
  return counts;
}

/** A model's display name, for pages that show one of its versions. */
export async function getModelName(slug: string): Promise<string> {
  const row = await db.model.findUnique({ where: { slug }, select: { name: true } });
  if (!row) throw notFound(`Model "${slug}"`);
  return row.name;
}

export async function getModel(slug: string): Promise<ModelDetailDto> {
  const row = await db.model.findUnique({ where: { slug }, include: modelInclude });
  if (!row) throw notFound(`Model "${slug}"`);
  const [versions, extras] = await Promise.all([
    db.modelVersion.findMany({
      where: { modelId: row.id },
      orderBy: { version: "desc" },
      take: 100,
      select: { version: true, stage: true, evalMetrics: true, sizeBytes: true, createdAt: true },
    }),
    rowExtras([row]),
  ]);
  return {
    ...serializeModel(row),
    deployments: extras.deployments.get(row.id) ?? [],
    versions: versions.map((v) => ({
      version: v.version,
      stage: v.stage,
      evalMetrics: (v.evalMetrics ?? {}) as Record<string, number>,
      sizeBytes: v.sizeBytes === null ? null : Number(v.sizeBytes),
      createdAt: v.createdAt.toISOString(),
    })),
  };
}

export async function createModel(actor: Actor, input: ModelCreate) {
  return db.$transaction(async (tx) => {
    const taken = await tx.model.findUnique({ where: { slug: input.slug }, select: { id: true } });
    if (taken) throw conflict(`A model with slug "${input.slug}" already exists`);
    if (
      input.ownerId &&
      !(await tx.user.findUnique({ where: { id: input.ownerId }, select: { id: true } }))
    ) {
      throw notFound("Owner");
    }
    const created = await tx.model.create({
      data: {
        slug: input.slug,
        name: input.name,
        description: input.description ?? "",
        taskType: input.taskType,
        framework: input.framework,
        tags: [...new Set(input.tags?.map((t) => t.toLowerCase()) ?? [])],
        riskLevel: input.riskLevel,
        ownerId: input.ownerId ?? actor.userId,
      },
      include: modelInclude,
    });
    const dto = serializeModel(created);
    await recordAudit(tx, actor, {
      action: "model.create",
      entityType: "model",
      entityId: created.id,
      after: dto,
    });
    return dto;
  });
}

export async function updateModel(actor: Actor, slug: string, input: ModelUpdate) {
  return db.$transaction(async (tx) => {
    const before = await tx.model.findUnique({ where: { slug }, include: modelInclude });
    if (!before) throw notFound(`Model "${slug}"`);
    if (
      input.ownerId &&
      !(await tx.user.findUnique({ where: { id: input.ownerId }, select: { id: true } }))
    ) {
      throw notFound("Owner");
    }
    const after = await tx.model.update({
      where: { id: before.id },
      data: {
        ...input,
        tags: input.tags ? [...new Set(input.tags.map((t) => t.toLowerCase()))] : undefined,
      },
      include: modelInclude,
    });
    if (input.archived === true && !before.archived) {
      await cancelPendingFor(tx, actor, { modelId: before.id }, `the model "${slug}" was archived`);
    }
    const dto = serializeModel(after);
    await recordAudit(tx, actor, {
      action:
        input.archived === true
          ? "model.archive"
          : input.archived === false
            ? "model.unarchive"
            : "model.update",
      entityType: "model",
      entityId: before.id,
      before: serializeModel(before),
      after: dto,
    });
    return dto;
  });
}

export function archiveModel(actor: Actor, slug: string) {
  return updateModel(actor, slug, { archived: true });
}

/** PUT semantics: the requirements become exactly what is sent (absent fields are cleared). */
export async function putRequirements(actor: Actor, slug: string, input: RequirementsInput) {
  return db.$transaction(async (tx) => {
    const model = await tx.model.findUnique({ where: { slug }, include: modelInclude });
    if (!model) throw notFound(`Model "${slug}"`);
    const data = {
      latencyP95Ms: input.latencyP95Ms ?? null,
      throughputRps: input.throughputRps ?? null,
      memoryMb: input.memoryMb ?? null,
      gpuRequired: input.gpuRequired ?? false,
      maxErrorRate: input.maxErrorRate ?? null,
      minMetricName: input.minMetricName ?? null,
      minMetricValue: input.minMetricValue ?? null,
      dataSensitivity: input.dataSensitivity ?? "internal",
      complianceTags: [...new Set(input.complianceTags?.map((t) => t.toLowerCase()) ?? [])],
      integrationStyle: input.integrationStyle ?? null,
      inputValidation: input.inputValidation ?? null,
      notes: input.notes ?? "",
    };
    const saved = await tx.modelRequirements.upsert({
      where: { modelId: model.id },
      create: { modelId: model.id, ...data },
      update: data,
    });
    await tx.model.update({ where: { id: model.id }, data: { updatedAt: new Date() } });
    const after = serializeRequirements(saved);
    await recordAudit(tx, actor, {
      action: "model.requirements.put",
      entityType: "model",
      entityId: model.id,
      before: serializeRequirements(model.requirements),
      after,
    });
    await syncDerivedRules(tx, model.id, actor);
    await repinPending(tx, actor, { modelId: model.id });
    await refreshProgress(tx, { modelId: model.id }); // after the requests, as approvals lock them
    return after!;
  });
}
