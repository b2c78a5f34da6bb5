import { db, type Tx } from "@/lib/db";
import { Prisma, type Comparator } from "@/lib/generated/prisma/client";
import { conflict, type FieldIssue, invalidFields, notFound, unprocessable } from "@/lib/errors";
import type { RuleCreate, RuleDto, RuleUpdate } from "@/lib/schemas/alerts";
import { type Actor, recordAudit, systemActor } from "../audit";
import { refreshProgress } from "../checklist/progress";
import { emitEvent } from "../events";
import { PREDICTION_SERIES } from "../ingest";

// Alert rules: written by people (metric, drift, no data) or derived from each model's
// requirements (p95 latency above target, error rate above maximum, accuracy below minimum),
// kept in step whenever the requirements change.
//
// Alerts outlive their rule: each keeps a snapshot of the rule's name and condition, and the
// database sets its rule_id to null when the rule goes. A rule with an open critical alert
// cannot be deleted (the alert blocks promotions; deleting its rule must not look like
// fixing it); deleting one whose open alerts are all warnings or info resolves them, with
// the reason, audited. A derived rule whose requirement is removed stays (disabled) until
// its alerts resolve.

export const ACCURACY_METRIC = "accuracy"; // computed from labelled predictions, not a stored series

/** Thresholds of rules created without one (estimated performance: the model's requirement). */
const DEFAULT_THRESHOLDS: Partial<Record<RuleCreate["kind"], number>> = {
  drift: 0.5,
  data_quality: 0.05,
};

const toSymbol: Record<Comparator, ">" | ">=" | "<" | "<="> = {
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
};
const fromSymbol: Record<string, Comparator> = { ">": "gt", ">=": "gte", "<": "lt", "<=": "lte" };

export const comparatorSymbol = (c: Comparator) => toSymbol[c];

export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case "gt":
      return value > threshold;
    case "gte":
      return value >= threshold;
    case "lt":
      return value < threshold;
    case "lte":
      return value <= threshold;
  }
}

const ruleInclude = {
  model: { select: { slug: true } },
  target: { select: { slug: true } },
} satisfies Prisma.AlertRuleInclude;
type RuleRow = Prisma.AlertRuleGetPayload<{ include: typeof ruleInclude }>;

export function serializeRule(r: RuleRow): RuleDto {
  return {
    id: r.id,
    name: r.name,
    scope: {
      model: r.model?.slug ?? null,
      target: r.target?.slug ?? null,
      deploymentId: r.deploymentId,
    },
    kind: r.kind,
    metric: r.metric,
    aggregation: r.aggregation,
    comparator: toSymbol[r.comparator],
    threshold: r.threshold,
    windowSeconds: r.windowSeconds,
    forSeconds: r.forSeconds,
    severity: r.severity,
    enabled: r.enabled,
    derived: r.derived,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listRules(
  q: { model?: string; target?: string; deploymentId?: string; kind?: RuleRow["kind"] } = {},
) {
  const rows = await db.alertRule.findMany({
    where: {
      ...(q.model ? { model: { slug: q.model } } : {}),
      ...(q.target ? { target: { slug: q.target } } : {}),
      ...(q.deploymentId ? { deploymentId: q.deploymentId } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
    },
    include: ruleInclude,
    orderBy: [{ derived: "asc" }, { name: "asc" }],
  });
  return { items: rows.map(serializeRule) };
}

/**
 * A rule's scope as ids: a model, a target, both (one endpoint) or neither. A deployment stands
 * for its endpoint, so the rule keeps applying after a release replaces it. Every unknown or
 * contradictory name is listed.
 */
async function resolveScope(tx: Tx, scope: RuleCreate["scope"]) {
  const [model, target, deployment] = await Promise.all([
    scope.model
      ? tx.model.findUnique({ where: { slug: scope.model }, select: { id: true } })
      : null,
    scope.target
      ? tx.deploymentTarget.findUnique({ where: { slug: scope.target }, select: { id: true } })
      : null,
    scope.deploymentId
      ? tx.deployment.findUnique({
          where: { id: scope.deploymentId },
          select: { modelId: true, targetId: true },
        })
      : null,
  ]);
  const issues: FieldIssue[] = [];
  if (scope.model && !model) issues.push({ path: "scope.model", message: "no such model" });
  if (scope.target && !target) issues.push({ path: "scope.target", message: "no such target" });
  if (scope.deploymentId && !deployment)
    issues.push({ path: "scope.deploymentId", message: "no such deployment" });
  if (deployment && model && deployment.modelId !== model.id)
    issues.push({ path: "scope.deploymentId", message: "is a deployment of another model" });
  if (deployment && target && deployment.targetId !== target.id)
    issues.push({ path: "scope.deploymentId", message: "is a deployment on another target" });
  if (issues.length) throw invalidFields("Invalid scope", issues);
  return {
    modelId: model?.id ?? deployment?.modelId ?? null,
    targetId: target?.id ?? deployment?.targetId ?? null,
  };
}

export async function createRule(actor: Actor, input: RuleCreate) {
  return db.$transaction(async (tx) => {
    const { modelId, targetId } = await resolveScope(tx, input.scope);
    const row = await tx.alertRule.create({
      data: {
        name: input.name,
        modelId,
        targetId,
        deploymentId: input.scope.deploymentId ?? null,
        kind: input.kind,
        aggregation: input.aggregation,
        comparator:
          fromSymbol[input.comparator ?? (input.kind === "estimated_performance" ? "<" : ">")],
        metric: input.metric ?? (input.kind === "estimated_performance" ? ACCURACY_METRIC : null),
        threshold: input.threshold ?? DEFAULT_THRESHOLDS[input.kind] ?? null,
        windowSeconds: input.windowSeconds,
        forSeconds: input.forSeconds,
        severity: input.severity,
        enabled: input.enabled,
        createdById: actor.userId,
      },
      include: ruleInclude,
    });
    const dto = serializeRule(row);
    await refreshProgressOf(tx, row);
    await recordAudit(tx, actor, {
      action: "alert_rule.create",
      entityType: "alert_rule",
      entityId: row.id,
      after: dto,
    });
    return dto;
  });
}

export async function updateRule(actor: Actor, id: string, input: RuleUpdate) {
  return db.$transaction(async (tx) => {
    const before = await tx.alertRule.findUnique({ where: { id }, include: ruleInclude });
    if (!before) throw notFound("Alert rule");
    if (before.derived && Object.keys(input).some((k) => k !== "enabled" && k !== "severity")) {
      throw unprocessable(
        "This rule follows the model's requirements; change the requirements instead (you may disable it or change its severity).",
      );
    }
    const { comparator, ...rest } = input;
    const after = await tx.alertRule.update({
      where: { id },
      data: { ...rest, ...(comparator ? { comparator: fromSymbol[comparator] } : {}) },
      include: ruleInclude,
    });
    const dto = serializeRule(after);
    if (input.enabled !== undefined) await refreshProgressOf(tx, after);
    await recordAudit(tx, actor, {
      action: "alert_rule.update",
      entityType: "alert_rule",
      entityId: id,
      before: serializeRule(before),
      after: dto,
    });
    return dto;
  });
}

/**
 * Enabled rules on a model, or on one of its deployments, are checklist evidence for its
 * versions ("alert rules cover this deployment"): recount them when a rule comes, goes or is
 * switched on or off. Rules on a target alone, or on everything, are not counted.
 */
async function refreshProgressOf(
  tx: Tx,
  rule: { modelId: string | null; deploymentId: string | null },
) {
  const modelId =
    rule.modelId ??
    (rule.deploymentId
      ? (
          await tx.deployment.findUnique({
            where: { id: rule.deploymentId },
            select: { modelId: true },
          })
        )?.modelId
      : null);
  if (modelId) await refreshProgress(tx, { modelId });
}

/** Lock a rule: an evaluator cannot add an alert to it (the foreign key waits) until we commit. */
async function lockRule(tx: Tx, id: string) {
  await tx.$queryRaw(Prisma.sql`SELECT id FROM alert_rules WHERE id = ${id} FOR UPDATE`);
}

const openAlertsOf = (tx: Tx, ruleId: string) =>
  tx.alert.findMany({
    where: { ruleId, state: { not: "resolved" } },
    select: { id: true, state: true, severity: true, deploymentId: true },
    orderBy: { startedAt: "asc" },
  });

/** Delete a locked rule without open alerts; its alerts stay, with their snapshot of it. */
async function removeRule(tx: Tx, actor: Actor, rule: RuleRow) {
  const alerts = await tx.alert.count({ where: { ruleId: rule.id } });
  await tx.alertRule.delete({ where: { id: rule.id } });
  await refreshProgressOf(tx, rule);
  await recordAudit(tx, actor, {
    action: "alert_rule.delete",
    entityType: "alert_rule",
    entityId: rule.id,
    before: { ...serializeRule(rule), alerts },
  });
}

/** Resolve open non-critical alerts of a rule being deleted, each with the reason, audited. */
async function resolveForDeletedRule(tx: Tx, actor: Actor, rule: RuleRow, ids: string[]) {
  const comment = `its rule “${rule.name}” was deleted`;
  for (const id of ids) {
    const before = await tx.alert.findUniqueOrThrow({ where: { id } });
    const after = await tx.alert.update({
      where: { id },
      data: { state: "resolved", resolvedAt: new Date(), comment },
    });
    await recordAudit(tx, actor, {
      action: "alert.resolve",
      entityType: "alert",
      entityId: id,
      before,
      after: { ...after, reason: "rule deleted" },
    });
    if (before.firedAt)
      await emitEvent(
        tx,
        "alert.resolved",
        { type: "alert", id },
        { alertId: id, by: actor.label, comment, automatic: false },
      );
  }
}

export async function deleteRule(actor: Actor, id: string) {
  await db.$transaction(async (tx) => {
    await lockRule(tx, id);
    const before = await tx.alertRule.findUnique({ where: { id }, include: ruleInclude });
    if (!before) throw notFound("Alert rule");
    if (before.derived)
      throw unprocessable("This rule follows the model's requirements; disable it instead.");
    const open = await openAlertsOf(tx, id);
    const critical = open.filter((a) => a.severity === "critical");
    if (critical.length) {
      const names = critical.map((a) => `${a.id} (${a.severity}, ${a.state})`);
      throw conflict(
        `This rule has ${critical.length} open critical alert${critical.length > 1 ? "s" : ""}: ${names.join(", ")}. A critical alert blocks promotions until it is resolved; resolve ${critical.length > 1 ? "them" : "it"} first, or disable the rule.`,
        { alerts: critical.map((a) => a.id) },
      );
    }
    await resolveForDeletedRule(
      tx,
      actor,
      before,
      open.map((a) => a.id),
    );
    await removeRule(tx, actor, before);
  });
}

/** Appended to a derived rule kept, disabled, after its requirement was removed. */
const REQUIREMENT_REMOVED = " (requirement removed)";

/**
 * Make the model's derived rules match its requirements: one rule per requirement that is
 * set, updated in place (so open alerts keep their rule), removed when the requirement is —
 * unless the rule has open alerts: then it stays, disabled and named so, and the evaluator
 * still resolves its alerts when they clear; a later sync removes it. Setting the
 * requirement again brings the same rule back.
 */
export async function syncDerivedRules(
  tx: Tx,
  modelId: string,
  actor: Actor = systemActor,
): Promise<void> {
  const req = await tx.modelRequirements.findUnique({ where: { modelId } });
  const wanted: Omit<Prisma.AlertRuleUncheckedCreateInput, "modelId">[] = [];
  if (req?.latencyP95Ms != null) {
    wanted.push({
      name: `p95 latency above ${req.latencyP95Ms} ms`,
      kind: "requirement",
      metric: PREDICTION_SERIES.latency,
      aggregation: "p95",
      comparator: "gt",
      threshold: req.latencyP95Ms,
      windowSeconds: 3600,
      forSeconds: 300,
      severity: "warning",
    });
  }
  if (req?.maxErrorRate != null) {
    wanted.push({
      name: `error rate above ${+(req.maxErrorRate * 100).toFixed(3)} %`,
      kind: "requirement",
      metric: PREDICTION_SERIES.error,
      aggregation: "avg",
      comparator: "gt",
      threshold: req.maxErrorRate,
      windowSeconds: 21_600,
      forSeconds: 300,
      severity: "critical",
    });
  }
  if (req?.minMetricName?.toLowerCase() === ACCURACY_METRIC && req.minMetricValue != null) {
    wanted.push({
      name: `accuracy below ${req.minMetricValue}`,
      kind: "requirement",
      metric: ACCURACY_METRIC,
      aggregation: "avg",
      comparator: "lt",
      threshold: req.minMetricValue,
      windowSeconds: 7 * 86_400,
      forSeconds: 0,
      severity: "warning",
    });
  }
  const existing = await tx.alertRule.findMany({ where: { modelId, derived: true } });
  for (const w of wanted) {
    const match = existing.find((e) => e.metric === w.metric);
    const revived = match?.name.endsWith(REQUIREMENT_REMOVED) ? { enabled: true } : {};
    if (match)
      await tx.alertRule.update({
        where: { id: match.id },
        data: {
          name: w.name,
          threshold: w.threshold,
          comparator: w.comparator,
          aggregation: w.aggregation,
          ...revived,
        },
      });
    else await tx.alertRule.create({ data: { ...w, modelId, derived: true } });
  }
  for (const rule of existing.filter((e) => !wanted.some((w) => w.metric === e.metric))) {
    await lockRule(tx, rule.id);
    if ((await openAlertsOf(tx, rule.id)).length === 0) {
      await removeRule(
        tx,
        actor,
        await tx.alertRule.findUniqueOrThrow({ where: { id: rule.id }, include: ruleInclude }),
      );
    } else if (rule.enabled) {
      await tx.alertRule.update({
        where: { id: rule.id },
        data: { enabled: false, name: `${rule.name}${REQUIREMENT_REMOVED}` },
      });
    }
  }
}
