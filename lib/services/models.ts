import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { conflict, notFound } from "@/lib/http/errors";
import { decodeCursor, paginate } from "@/lib/http/pagination";
import type { ModelCreate, ModelListQuery, ModelUpdate } from "@/lib/schemas/models";
import { type Actor, recordAudit } from "./audit";

// Models: the inventory's rows. Reads return the public shape of docs/API.md.

const modelInclude = {
  owner: { select: { id: true, email: true, name: true } },
  requirements: true,
  versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, stage: true, createdAt: true } },
} satisfies Prisma.ModelInclude;

type ModelRow = Prisma.ModelGetPayload<{ include: typeof modelInclude }>;

export function serializeModel(m: ModelRow) {
  const latest = m.versions[0];
  const r = m.requirements;
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
    requirements: r
      ? {
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
        }
      : null,
    latestVersion: latest
      ? { version: latest.version, stage: latest.stage, createdAt: latest.createdAt.toISOString() }
      : null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export type ModelDto = ReturnType<typeof serializeModel>;

const sortColumns = {
  name: "name",
  updated: "updatedAt",
  created: "createdAt",
} as const;

export async function listModels(query: ModelListQuery) {
  const desc = query.sort.startsWith("-");
  const column = sortColumns[query.sort.replace(/^-/, "") as keyof typeof sortColumns];
  const cursor = decodeCursor(query.cursor);
  const q = query.q?.trim();

  const filters: Prisma.ModelWhereInput[] = [
    { archived: query.archived === "true" },
    q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" } },
            { slug: { contains: q.toLowerCase() } },
            { description: { contains: q, mode: "insensitive" } },
            { tags: { has: q.toLowerCase() } },
          ],
        }
      : {},
    query.tag ? { tags: { has: query.tag } } : {},
    query.risk ? { riskLevel: query.risk } : {},
    query.owner
      ? { owner: { OR: [{ id: query.owner }, { email: { equals: query.owner, mode: "insensitive" } }] } }
      : {},
  ];
  if (query.stage) {
    // "Stage of the newest version": match models whose highest-numbered version has it.
    const stageRows = await db.$queryRaw<{ model_id: string }[]>(Prisma.sql`
      SELECT model_id FROM (
        SELECT DISTINCT ON (model_id) model_id, stage FROM model_versions ORDER BY model_id, version DESC
      ) latest WHERE stage = ${query.stage}::"VersionStage"`);
    filters.push({ id: { in: stageRows.map((r) => r.model_id) } });
  }
  if (cursor) {
    const value = column === "name" ? cursor.v : new Date(String(cursor.v));
    const op = desc ? "lt" : "gt";
    filters.push({
      OR: [{ [column]: { [op]: value } }, { [column]: value, id: { [op]: cursor.id } }],
    });
  }

  const rows = await db.model.findMany({
    where: { AND: filters },
    include: modelInclude,
    orderBy: [{ [column]: desc ? "desc" : "asc" }, { id: desc ? "desc" : "asc" }],
    take: query.limit + 1,
  });
  const page = paginate(rows, query.limit, (m) => ({
    v: column === "name" ? m.name : m[column].toISOString(),
    id: m.id,
  }));
  return { items: page.items.map(serializeModel), nextCursor: page.nextCursor };
}

export async function getModel(slug: string) {
  const row = await db.model.findUnique({ where: { slug }, include: modelInclude });
  if (!row) throw notFound(`Model "${slug}"`);
  return serializeModel(row);
}

export async function createModel(actor: Actor, input: ModelCreate) {
  return db.$transaction(async (tx) => {
    const taken = await tx.model.findUnique({ where: { slug: input.slug }, select: { id: true } });
    if (taken) throw conflict(`A model with slug "${input.slug}" already exists`);
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
    await recordAudit(tx, actor, { action: "model.create", entityType: "model", entityId: created.id, after: dto });
    return dto;
  });
}

export async function updateModel(actor: Actor, slug: string, input: ModelUpdate) {
  return db.$transaction(async (tx) => {
    const before = await tx.model.findUnique({ where: { slug }, include: modelInclude });
    if (!before) throw notFound(`Model "${slug}"`);
    const after = await tx.model.update({
      where: { id: before.id },
      data: {
        ...input,
        tags: input.tags ? [...new Set(input.tags.map((t) => t.toLowerCase()))] : undefined,
      },
      include: modelInclude,
    });
    const dto = serializeModel(after);
    await recordAudit(tx, actor, {
      action: input.archived === true ? "model.archive" : input.archived === false ? "model.unarchive" : "model.update",
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
