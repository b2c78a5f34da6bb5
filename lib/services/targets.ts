import { db } from "@/lib/db";
import { Prisma, type TargetEnvironment, type TargetKind } from "@/lib/generated/prisma/client";
import { AppError, conflict, notFound } from "@/lib/http/errors";
import type { TargetCreate, TargetUpdate } from "@/lib/schemas/targets";
import { type Actor, recordAudit } from "./audit";

// Deployment targets: create, edit, archive, and read with what runs on each now.

const targetInclude = {
  deployments: {
    where: { status: "active" },
    include: { model: { select: { slug: true, name: true } }, version: { select: { version: true } } },
    orderBy: { activatedAt: "desc" },
  },
} satisfies Prisma.DeploymentTargetInclude;

type TargetRow = Prisma.DeploymentTargetGetPayload<{ include: typeof targetInclude }>;

export function serializeTarget(t: TargetRow) {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    description: t.description,
    kind: t.kind,
    provider: t.provider,
    region: t.region,
    environment: t.environment,
    endpoint: t.endpoint,
    hardware: { cpuCores: t.cpuCores, memoryMb: t.memoryMb, gpu: t.gpu },
    scaling: { minReplicas: t.minReplicas, maxReplicas: t.maxReplicas },
    complianceTags: t.complianceTags,
    requiredApprovals: t.requiredApprovals,
    archived: t.archived,
    active: t.deployments.map((d) => ({
      deploymentId: d.id,
      model: d.model.slug,
      modelName: d.model.name,
      version: d.version.version,
      activatedAt: d.activatedAt?.toISOString() ?? null,
    })),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export type TargetDto = ReturnType<typeof serializeTarget>;

export async function listTargets(query: { environment?: TargetEnvironment; kind?: TargetKind; archived?: "true" | "false" } = {}) {
  const rows = await db.deploymentTarget.findMany({
    where: {
      archived: query.archived === "true",
      ...(query.environment ? { environment: query.environment } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
    },
    orderBy: [{ environment: "desc" }, { name: "asc" }],
    include: targetInclude,
  });
  return { items: rows.map(serializeTarget) };
}

export async function getTarget(slug: string): Promise<TargetDto> {
  const row = await db.deploymentTarget.findUnique({ where: { slug }, include: targetInclude });
  if (!row) throw notFound(`Target "${slug}"`);
  return serializeTarget(row);
}

function columns(input: TargetUpdate) {
  const { hardware, scaling, complianceTags, ...rest } = input;
  return {
    ...rest,
    ...(hardware?.cpuCores !== undefined ? { cpuCores: hardware.cpuCores } : {}),
    ...(hardware?.memoryMb !== undefined ? { memoryMb: hardware.memoryMb } : {}),
    ...(hardware?.gpu !== undefined ? { gpu: hardware.gpu || null } : {}),
    ...(scaling ? { minReplicas: scaling.minReplicas, maxReplicas: scaling.maxReplicas } : {}),
    ...(complianceTags ? { complianceTags: [...new Set(complianceTags.map((t) => t.toLowerCase()))] } : {}),
  };
}

export async function createTarget(actor: Actor, input: TargetCreate): Promise<TargetDto> {
  const requiredApprovals = input.requiredApprovals ?? (input.environment === "production" ? 1 : 0);
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.deploymentTarget.create({
        data: {
          ...columns(input),
          slug: input.slug,
          name: input.name,
          kind: input.kind,
          provider: input.provider,
          environment: input.environment,
          requiredApprovals,
          createdById: actor.userId,
        },
        include: targetInclude,
      });
      const dto = serializeTarget(row);
      await recordAudit(tx, actor, { action: "deployment_target.create", entityType: "deployment_target", entityId: row.id, after: dto });
      return dto;
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw conflict(`A target with slug "${input.slug}" already exists.`);
    }
    throw e;
  }
}

/**
 * Edit a target. Moving a target to production raises zero required approvals to one, and
 * production can never be set to zero. Pending requests keep the approval count they were
 * made with: the policy a request started under is the one it is decided under.
 */
export async function updateTarget(actor: Actor, slug: string, input: TargetUpdate, ifMatch?: string | null): Promise<TargetDto> {
  return db.$transaction(async (tx) => {
    const before = await tx.deploymentTarget.findUnique({ where: { slug }, include: targetInclude });
    if (!before) throw notFound(`Target "${slug}"`);
    if (ifMatch && ifMatch.replace(/^W\//, "").replace(/"/g, "") !== before.updatedAt.toISOString()) {
      throw conflict("This target changed since you loaded it.", { current: serializeTarget(before) });
    }
    const environment = input.environment ?? before.environment;
    let requiredApprovals = input.requiredApprovals ?? before.requiredApprovals;
    if (environment === "production" && requiredApprovals === 0) {
      if (input.requiredApprovals === 0) {
        throw new AppError("validation_failed", "Production targets need at least one approval", {
          errors: [{ path: "requiredApprovals", message: "production targets need at least 1 approval" }],
        });
      }
      requiredApprovals = 1;
    }
    if (input.archived && before.deployments.length) {
      throw conflict(`${before.deployments.length} deployment(s) still run on "${slug}"; roll them back or move them first.`);
    }
    const after = await tx.deploymentTarget.update({
      where: { id: before.id },
      data: { ...columns(input), requiredApprovals },
      include: targetInclude,
    });
    const dto = serializeTarget(after);
    await recordAudit(tx, actor, {
      action: input.archived === true ? "deployment_target.archive" : "deployment_target.update",
      entityType: "deployment_target",
      entityId: after.id,
      before: serializeTarget(before),
      after: dto,
    });
    return dto;
  });
}

/** Targets with what runs on each now, for the targets page. */
export async function listTargetsWithActive() {
  return (await listTargets()).items;
}
