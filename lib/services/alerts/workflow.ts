import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { z } from "zod";
import {
  Aggregation,
  AlertRuleKind,
  type AlertState,
  Comparator,
  Prisma,
  type Severity,
} from "@/lib/generated/prisma/client";
import { conflict, forbidden, invalidField, notFound } from "@/lib/errors";
import { afterCursor, keyset } from "@/lib/pagination";
import { canCloseAlert, type Principal } from "@/lib/permissions";
import { actorOf, recordAudit } from "../audit";
import { emitEvent } from "../events";
import { repinPending } from "../promotions/requests";
import type { AlertDto } from "@/lib/schemas/alerts";
import { comparatorSymbol } from "./rules";

// The alert workflow people drive: acknowledge (someone is on it), resolve by hand, silence
// until a time (no notifications meanwhile). Every action is audited.
//
// A critical alert blocks promotions of its model until it is resolved (see the
// `no_critical_alerts` gate). So anyone who may edit can acknowledge one, but resolving or
// silencing it takes an approver; silences end after at most ALERT_MAX_SILENCE_HOURS. Every
// change to a critical alert re-pins the model's pending promotion requests in the same
// transaction, so approvals given before it opened stop counting at once.

const alertInclude = {
  rule: {
    select: {
      name: true,
      kind: true,
      metric: true,
      comparator: true,
      threshold: true,
      aggregation: true,
      windowSeconds: true,
    },
  },
  deployment: {
    select: {
      modelId: true,
      model: { select: { slug: true, name: true } },
      version: { select: { version: true } },
      target: { select: { slug: true } },
    },
  },
  acknowledgedBy: { select: { id: true, name: true } },
} satisfies Prisma.AlertInclude;

type AlertRow = Prisma.AlertGetPayload<{ include: typeof alertInclude }>;

/** The rule as it was when the alert opened (written by a trigger on insert). */
const ruleSnapshot = z.object({
  kind: z.enum(AlertRuleKind),
  metric: z.string().nullable(),
  aggregation: z.enum(Aggregation),
  comparator: z.enum(Comparator),
  threshold: z.number().nullable(),
  windowSeconds: z.number().int(),
});

/** Alerts no rule raises: the canary analysis and the concept drift detectors open them. */
const ruleless = new Set<AlertRuleKind>(["rollout", "concept_drift"]);

/** What the stored condition says beyond the rule's shape: the rollout a canary alert is for. */
const rolloutOf = z.object({ rolloutId: z.string() });

function ruleOf(a: AlertRow) {
  const rule = a.rule ?? {
    name: a.ruleName ?? "(deleted rule)",
    ...ruleSnapshot.parse(a.ruleCondition),
  };
  return { ...rule, comparator: comparatorSymbol(rule.comparator) };
}

export function serializeAlert(a: AlertRow): AlertDto {
  const rule = ruleOf(a);
  return {
    id: a.id,
    ruleId: a.ruleId,
    rule,
    ruleDeleted: a.rule === null && !ruleless.has(rule.kind),
    rolloutId:
      rule.kind === "rollout"
        ? (rolloutOf.safeParse(a.ruleCondition).data?.rolloutId ?? null)
        : null,
    deploymentId: a.deploymentId,
    model: a.deployment.model.slug,
    modelName: a.deployment.model.name,
    version: a.deployment.version.version,
    target: a.deployment.target.slug,
    state: a.state,
    severity: a.severity,
    value: a.value,
    startedAt: a.startedAt.toISOString(),
    firedAt: a.firedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    silencedUntil: a.silencedUntil?.toISOString() ?? null,
    comment: a.comment,
  };
}

const severityRank: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export async function listAlerts(q: {
  state?: AlertState | "open" | "all";
  severity?: Severity;
  model?: string;
  target?: string;
  deploymentId?: string;
  limit: number;
  cursor?: string;
}) {
  const keys = keyset(q);
  const rows = await db.alert.findMany({
    where: {
      ...(q.state === "open"
        ? { state: { not: "resolved" } }
        : q.state && q.state !== "all"
          ? { state: q.state }
          : {}),
      ...(q.severity ? { severity: q.severity } : {}),
      ...(q.model ? { model: { slug: q.model } } : {}),
      ...(q.target ? { target: { slug: q.target } } : {}),
      ...(q.deploymentId ? { deploymentId: q.deploymentId } : {}),
      ...afterCursor<Prisma.AlertWhereInput>(keys.cursor, "startedAt"),
    },
    include: alertInclude,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: keys.take,
  });
  const page = keys.page(rows, (a) => ({ v: a.startedAt.toISOString(), id: a.id }));
  return { items: page.items.map(serializeAlert), nextCursor: page.nextCursor };
}

/** Open alerts, most severe first: the alerts page's default view. */
export async function openAlerts() {
  const { items } = await listAlerts({ state: "open", limit: 500 });
  return items.sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] || b.startedAt.localeCompare(a.startedAt),
  );
}

export async function getAlert(id: string) {
  const row = await db.alert.findUnique({ where: { id }, include: alertInclude });
  if (!row) throw notFound("Alert");
  return serializeAlert(row);
}

/** What people did to an alert (acknowledged, silenced, commented...), oldest first. */
export async function alertHistory(id: string) {
  return db.auditEvent.findMany({
    where: { entityType: "alert", entityId: id },
    orderBy: { id: "asc" },
  });
}

type Action = "acknowledge" | "resolve" | "silence";

function silenceEnd(until: string | undefined): Date {
  const field = (message: string) =>
    invalidField("until", message, `Cannot silence: until ${message}`);
  if (!until) throw field("is required to silence");
  const end = new Date(until);
  if (end.getTime() <= Date.now()) throw field("must be in the future");
  const hours = env().ALERT_MAX_SILENCE_HOURS;
  if (end.getTime() > Date.now() + hours * 3_600_000)
    throw field(`must be at most ${hours} hours from now`);
  return end;
}

export async function actOnAlert(
  principal: Principal,
  id: string,
  action: Action,
  input: { comment?: string; until?: string },
) {
  const actor = actorOf(principal);
  const until = action === "silence" ? silenceEnd(input.until) : null;
  return db.$transaction(async (tx) => {
    // Locked: the evaluator resolving it at the same moment waits, then sees our change.
    const locked = await tx.$queryRaw<{ id: string }[]>(
      Prisma.sql`SELECT id FROM alerts WHERE id = ${id} FOR UPDATE`,
    );
    if (!locked.length) throw notFound("Alert");
    const before = await tx.alert.findUniqueOrThrow({ where: { id }, include: alertInclude });
    if (before.state === "resolved") throw conflict("This alert is already resolved.");
    if (action === "acknowledge" && before.state === "acknowledged")
      throw conflict("This alert is already acknowledged.");
    if (action !== "acknowledge" && !canCloseAlert(principal, before.severity)) {
      throw forbidden(
        `A critical alert blocks promotions until it is over: ${action === "resolve" ? "resolving" : "silencing"} it needs an approver. You may acknowledge it.`,
      );
    }
    const now = new Date();
    const data: Prisma.AlertUpdateInput =
      action === "acknowledge"
        ? {
            state: "acknowledged",
            acknowledgedBy: { connect: { id: principal.user.id } },
            acknowledgedAt: now,
          }
        : action === "resolve"
          ? { state: "resolved", resolvedAt: now }
          : { silencedUntil: until };
    const after = await tx.alert.update({
      where: { id },
      data: { ...data, ...(input.comment ? { comment: input.comment } : {}) },
      include: alertInclude,
    });
    const dto = serializeAlert(after);
    await recordAudit(tx, actor, {
      action: `alert.${action}`,
      entityType: "alert",
      entityId: id,
      before: serializeAlert(before),
      after: dto,
    });
    if (action === "resolve" && before.firedAt) {
      await emitEvent(
        tx,
        "alert.resolved",
        { type: "alert", id },
        { alertId: id, by: actor.label, comment: input.comment ?? null, automatic: false },
      );
    }
    if (before.severity === "critical")
      await repinPending(tx, actor, { modelId: before.deployment.modelId });
    return dto;
  });
}
