import { db } from "@/lib/db";
import { env, namedVariable } from "@/lib/env";
import { Prisma, type TargetEnvironment, type TargetKind } from "@/lib/generated/prisma/client";
import { conflict, forbidden, invalidField, notFound } from "@/lib/errors";
import { repoUrlProblem } from "@/lib/net/repo-url";
import { type Principal, can } from "@/lib/permissions";
import type {
  DeliveryInput,
  TargetCreate,
  TargetDeliveryDto,
  TargetDto,
  TargetUpdate,
} from "@/lib/schemas/targets";
import { actorOf, recordAudit } from "./audit";
import { type GitopsSettings, gitopsSettings } from "./delivery";
import { refreshProgress } from "./checklist/progress";
import { cancelPendingFor } from "./promotions/cancel";

// Deployment targets: create, edit, archive, and read with what runs on each now.
//
// What a target demands is policy, and only admins set policy: creating a target, and
// changing its environment, required approvals, compliance tags or endpoint. A target's
// environment cannot change while something runs on it (an unapproved staging deployment
// must never become a production one), and no two targets share an endpoint (no look-alike
// copy of production with a lower bar). How deployments reach the cluster (`delivery`: a
// record only, or manifests committed to a gitops repository) decides what reaches
// production, so it is policy too.

const targetInclude = {
  deployments: {
    where: { status: "active" },
    include: {
      model: { select: { slug: true, name: true } },
      version: { select: { version: true } },
    },
    orderBy: { activatedAt: "desc" },
  },
} satisfies Prisma.DeploymentTargetInclude;

type TargetRow = Prisma.DeploymentTargetGetPayload<{ include: typeof targetInclude }>;

function serializeDelivery(stored: Prisma.JsonValue | null): TargetDeliveryDto {
  const d = gitopsSettings(stored);
  if (!d) return { kind: "record" };
  return {
    ...d,
    // Whether the secret is there, never the secret.
    credentialsPresent: d.credentialsEnv ? Boolean(namedVariable(d.credentialsEnv)) : false,
  };
}

/** What the column holds: null for record only, the settings (defaults filled) for gitops. */
function deliveryColumn(input: DeliveryInput): GitopsSettings | typeof Prisma.DbNull {
  if (input.kind === "record") return Prisma.DbNull;
  const problem = repoUrlProblem(input.repoUrl, env().MODELGATE_GITOPS_ALLOW_LOCAL);
  if (problem) throw invalidField("delivery.repoUrl", problem, `Repository URL ${problem}`);
  return { ...input, credentialsEnv: input.credentialsEnv ?? null };
}

/** One spelling of a delivery setting, to tell a real change from a form sent back as it was. */
function sameDelivery(input: DeliveryInput, current: TargetDeliveryDto) {
  if (input.kind === "record" || current.kind === "record") return input.kind === current.kind;
  const stored = deliveryColumn(input) as GitopsSettings;
  const keys = ["repoUrl", "branch", "path", "format", "namespace", "credentialsEnv"] as const;
  return keys.every((k) => stored[k] === current[k]);
}

export function serializeTarget(t: TargetRow): TargetDto {
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
    delivery: serializeDelivery(t.delivery),
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

export async function listTargets(
  query: { environment?: TargetEnvironment; kind?: TargetKind; archived?: "true" | "false" } = {},
) {
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

/** The fields only an admin may set: the approval policy, and what reaches the cluster. */
export const policyFields = [
  "environment",
  "requiredApprovals",
  "complianceTags",
  "endpoint",
  "delivery",
] as const;

/** One spelling per endpoint (lower-case scheme and host, no default port, no trailing slash), so uniqueness means something. */
export function normalizeEndpoint(endpoint: string | null | undefined): string | null | undefined {
  if (!endpoint) return endpoint;
  const url = new URL(endpoint);
  return url.toString().replace(/\/+$/, "");
}

function endpointTaken(e: unknown, endpoint: string | null | undefined) {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
    const fields = String((e.meta as { target?: unknown } | undefined)?.target ?? "");
    if (fields.includes("endpoint") || (e.message.includes("endpoint") && endpoint)) {
      return invalidField(
        "endpoint",
        "another target already has this endpoint",
        "Another target already has this endpoint",
      );
    }
  }
  return null;
}

function columns(input: TargetUpdate) {
  const { hardware, scaling, complianceTags, delivery, ...rest } = input;
  return {
    ...rest,
    ...(delivery ? { delivery: deliveryColumn(delivery) } : {}),
    ...(hardware?.cpuCores !== undefined ? { cpuCores: hardware.cpuCores } : {}),
    ...(hardware?.memoryMb !== undefined ? { memoryMb: hardware.memoryMb } : {}),
    ...(hardware?.gpu !== undefined ? { gpu: hardware.gpu || null } : {}),
    ...(scaling ? { minReplicas: scaling.minReplicas, maxReplicas: scaling.maxReplicas } : {}),
    ...(complianceTags
      ? { complianceTags: [...new Set(complianceTags.map((t) => t.toLowerCase()))] }
      : {}),
    ...(rest.endpoint !== undefined ? { endpoint: normalizeEndpoint(rest.endpoint) } : {}),
  };
}

export async function createTarget(principal: Principal, input: TargetCreate): Promise<TargetDto> {
  if (!can(principal, "admin"))
    throw forbidden("Only admins create deployment targets: a target sets the approval policy.");
  const actor = actorOf(principal);
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
      await recordAudit(tx, actor, {
        action: "deployment_target.create",
        entityType: "deployment_target",
        entityId: row.id,
        after: dto,
      });
      return dto;
    });
  } catch (e) {
    const taken = endpointTaken(e, input.endpoint);
    if (taken) throw taken;
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw conflict(`A target with slug "${input.slug}" already exists.`);
    }
    throw e;
  }
}

/**
 * Edit a target. Moving a target to production raises zero required approvals to one, and
 * production can never be set to zero. Pending requests keep the approval count and the
 * environment they were made with: the policy a request started under is the one it is
 * decided under. Archiving cancels the target's pending requests.
 */
export async function updateTarget(
  principal: Principal,
  slug: string,
  input: TargetUpdate,
  ifMatch?: string | null,
): Promise<TargetDto> {
  const actor = actorOf(principal);
  return db.$transaction(async (tx) => {
    const before = await tx.deploymentTarget.findUnique({
      where: { slug },
      include: targetInclude,
    });
    if (!before) throw notFound(`Target "${slug}"`);
    if (
      ifMatch &&
      ifMatch.replace(/^W\//, "").replace(/"/g, "") !== before.updatedAt.toISOString()
    ) {
      throw conflict("This target changed since you loaded it.", {
        current: serializeTarget(before),
      });
    }
    const current = serializeTarget(before);
    const changed = policyFields.filter((f) => {
      if (input[f] === undefined) return false;
      if (f === "complianceTags")
        return (
          [...new Set(input.complianceTags!.map((t) => t.toLowerCase()))].sort().join() !==
          [...current.complianceTags].sort().join()
        );
      if (f === "endpoint") return normalizeEndpoint(input.endpoint) !== current.endpoint;
      if (f === "delivery") return !sameDelivery(input.delivery!, current.delivery);
      return input[f] !== current[f];
    });
    if (changed.length && !can(principal, "admin")) {
      throw forbidden(
        `Only admins change a target's ${changed.join(", ")}: ${changed.includes("delivery") ? "they decide what reaches the cluster, and how it is approved" : "the approval policy depends on them"}.`,
      );
    }
    if (changed.includes("environment") && before.deployments.length) {
      throw conflict(
        `${before.deployments.length} deployment(s) run on "${slug}"; its environment cannot change while anything runs there. Roll them back or create a new target.`,
      );
    }
    const environment = input.environment ?? before.environment;
    let requiredApprovals = input.requiredApprovals ?? before.requiredApprovals;
    if (environment === "production" && requiredApprovals === 0) {
      if (input.requiredApprovals === 0) {
        throw invalidField(
          "requiredApprovals",
          "production targets need at least 1 approval",
          "Production targets need at least one approval",
        );
      }
      requiredApprovals = 1;
    }
    if (input.archived && before.deployments.length) {
      throw conflict(
        `${before.deployments.length} deployment(s) still run on "${slug}"; roll them back or move them first.`,
      );
    }
    const after = await tx.deploymentTarget
      .update({
        where: { id: before.id },
        data: { ...columns(input), requiredApprovals },
        include: targetInclude,
      })
      .catch((e: unknown) => {
        throw endpointTaken(e, input.endpoint) ?? e;
      });
    if (input.archived === true && !before.archived) {
      await cancelPendingFor(
        tx,
        actor,
        { targetId: before.id },
        `the target "${slug}" was archived`,
      );
    }
    // What the checklist reads of a target ("a target that fits the requirements is chosen").
    if (input.name !== undefined || input.hardware || input.complianceTags)
      await refreshProgress(tx, { targetId: after.id });
    const dto = serializeTarget(after);
    await recordAudit(tx, actor, {
      action:
        input.archived === true
          ? "deployment_target.archive"
          : changed.length
            ? "deployment_target.policy"
            : "deployment_target.update",
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
