import { db, type Tx } from "@/lib/db";
import { Prisma, type AlertRule, type Severity } from "@/lib/generated/prisma/client";
import { pool } from "@/lib/pg";
import { systemActor } from "../audit";
import { emitEvent } from "../events";
import { repinPending } from "../promotions/requests";
import { ACCURACY_METRIC, compare, comparatorSymbol } from "./rules";

// Alert evaluation (a background job, every 30 s). For every enabled rule and every active
// deployment it applies to: measure the rule's value over its window, then move the
// (rule, deployment) alert through pending → firing → resolved. The partial unique index
// "one open alert per rule and deployment" and conditional UPDATEs make concurrent
// evaluators (several app instances) agree: one alert, one firing event.
//
// An alert stays open while its condition holds, whatever people did with it: an
// acknowledged or silenced alert keeps its state and still fires when its pending time is
// up (acknowledged while pending), and it resolves only when the condition clears. A
// disabled rule opens nothing new but keeps evaluating its open alerts until they resolve,
// so disabling a rule (or removing the requirement behind it) does not freeze them open or
// make them disappear. Every change to a critical alert's state re-pins the model's pending
// promotion requests in the same transaction.

export interface Measurement {
  /** null: nothing to judge (no labelled predictions for accuracy, no drift report). */
  value: number | null;
  breached: boolean;
}

type Agg = {
  n: number;
  avg: number | null;
  max: number | null;
  min: number | null;
  sum: number | null;
  p95: number | null;
};

/** Pure: whether a metric rule's condition holds for the aggregates of its window. */
export function judgeMetric(
  rule: Pick<AlertRule, "kind" | "aggregation" | "comparator" | "threshold" | "windowSeconds">,
  agg: Agg,
): Measurement {
  if (rule.kind === "no_data") return { value: agg.n, breached: agg.n === 0 };
  if (agg.n === 0 || rule.threshold === null) return { value: null, breached: false };
  const value = rule.aggregation === "rate" ? agg.n / rule.windowSeconds : agg[rule.aggregation];
  if (value === null) return { value: null, breached: false };
  return { value, breached: compare(value, rule.comparator, rule.threshold) };
}

async function aggregates(
  deploymentIds: string[],
  metric: string,
  from: Date,
  to: Date,
): Promise<Map<string, Agg>> {
  const { rows } = await pool().query<Agg & { deployment_id: string }>(
    `SELECT deployment_id, count(*)::int AS n, avg(value) AS avg, max(value) AS max, min(value) AS min, sum(value) AS sum,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY value) AS p95
     FROM metric_points WHERE deployment_id = ANY($1::text[]) AND name = $2 AND ts >= $3 AND ts < $4
     GROUP BY deployment_id`,
    [deploymentIds, metric, from.toISOString(), to.toISOString()],
  );
  return new Map(rows.map((r) => [r.deployment_id, r]));
}

async function accuracy(deploymentIds: string[], from: Date, to: Date): Promise<Map<string, Agg>> {
  const { rows } = await pool().query<{ deployment_id: string; labeled: number; correct: number }>(
    `SELECT deployment_id, count(*)::int AS labeled, count(*) FILTER (WHERE prediction = label)::int AS correct
     FROM predictions WHERE deployment_id = ANY($1::text[]) AND label IS NOT NULL AND ts >= $2 AND ts < $3
     GROUP BY deployment_id`,
    [deploymentIds, from.toISOString(), to.toISOString()],
  );
  return new Map(
    rows.map((r) => {
      const a = r.labeled ? r.correct / r.labeled : null;
      return [r.deployment_id, { n: r.labeled, avg: a, max: a, min: a, sum: a, p95: a }];
    }),
  );
}

async function driftShares(
  deploymentIds: string[],
  since: Date,
): Promise<Map<string, { drifted: boolean; share: number }>> {
  const { rows } = await pool().query<{ deployment_id: string; drifted: boolean; share: number }>(
    `SELECT DISTINCT ON (deployment_id) deployment_id, drifted, share FROM drift_reports
     WHERE deployment_id = ANY($1::text[]) AND created_at >= $2 ORDER BY deployment_id, created_at DESC`,
    [deploymentIds, since.toISOString()],
  );
  return new Map(rows.map((r) => [r.deployment_id, r]));
}

export async function evaluateAlerts(
  now = new Date(),
): Promise<{ rules: number; fired: number; resolved: number }> {
  const [rules, deployments] = await Promise.all([
    db.alertRule.findMany({
      where: { OR: [{ enabled: true }, { alerts: { some: { state: { not: "resolved" } } } }] },
    }),
    db.deployment.findMany({ where: { status: "active" }, select: { id: true, modelId: true } }),
  ]);
  let fired = 0;
  let resolved = 0;
  for (const rule of rules) {
    const targets = deployments
      .filter((d) =>
        rule.deploymentId
          ? d.id === rule.deploymentId
          : rule.modelId
            ? d.modelId === rule.modelId
            : true,
      )
      .map((d) => d.id);
    if (targets.length === 0) continue;
    const from = new Date(now.getTime() - rule.windowSeconds * 1000);
    const measured = new Map<string, Measurement>();
    if (rule.kind === "drift") {
      const shares = await driftShares(targets, from);
      for (const id of targets) {
        const r = shares.get(id);
        measured.set(
          id,
          r
            ? { value: r.share, breached: r.drifted && r.share >= (rule.threshold ?? 0) }
            : { value: null, breached: false },
        );
      }
    } else {
      const aggs =
        rule.metric === ACCURACY_METRIC
          ? await accuracy(targets, from, now)
          : await aggregates(targets, rule.metric ?? "", from, now);
      for (const id of targets)
        measured.set(
          id,
          judgeMetric(
            rule,
            aggs.get(id) ?? { n: 0, avg: null, max: null, min: null, sum: null, p95: null },
          ),
        );
    }
    for (const [deploymentId, m] of measured) {
      const modelId = deployments.find((d) => d.id === deploymentId)!.modelId;
      const result = await step(rule, { deploymentId, modelId }, m, now);
      if (result === "fired") fired++;
      if (result === "resolved") resolved++;
    }
  }
  return { rules: rules.length, fired, resolved };
}

/** A critical alert changed state: the model's pending promotion requests follow at once. */
async function repinFor(tx: Tx, severity: Severity, modelId: string) {
  if (severity === "critical") await repinPending(tx, systemActor, { modelId });
}

/** Move one (rule, deployment) alert one step. */
async function step(
  rule: AlertRule,
  { deploymentId, modelId }: { deploymentId: string; modelId: string },
  m: Measurement,
  now: Date,
): Promise<"fired" | "resolved" | null> {
  if (m.value === null && !m.breached) {
    // Nothing to judge: leave an open alert as it is (no data is not recovery).
    return null;
  }
  return db.$transaction(async (tx) => {
    const open = await tx.alert.findFirst({
      where: { ruleId: rule.id, deploymentId, state: { not: "resolved" } },
    });
    const describe = () => ({
      rule: {
        id: rule.id,
        name: rule.name,
        kind: rule.kind,
        metric: rule.metric,
        comparator: comparatorSymbol(rule.comparator),
        threshold: rule.threshold,
      },
      deploymentId,
      severity: rule.severity,
      value: m.value,
    });
    const notifies = (silencedUntil: Date | null) => !silencedUntil || silencedUntil <= now;
    if (m.breached) {
      if (!open) {
        if (!rule.enabled) return null;
        const firing = rule.forSeconds === 0;
        const inserted = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
          INSERT INTO alerts (id, rule_id, deployment_id, state, severity, value, started_at, fired_at, created_at, updated_at)
          VALUES (${`al_${crypto.randomUUID()}`}, ${rule.id}, ${deploymentId}, ${firing ? "firing" : "pending"}::"AlertState", ${rule.severity}::"Severity",
                  ${m.value}, ${now}, ${firing ? now : null}, now(), now())
          ON CONFLICT (rule_id, deployment_id) WHERE state <> 'resolved' DO NOTHING
          RETURNING id`);
        if (!inserted.length) return null;
        await repinFor(tx, rule.severity, modelId);
        if (!firing) return null;
        await emitEvent(
          tx,
          "alert.firing",
          { type: "alert", id: inserted[0].id },
          { alertId: inserted[0].id, ...describe() },
        );
        return "fired";
      }
      if (
        rule.enabled &&
        open.firedAt === null &&
        now.getTime() - open.startedAt.getTime() >= rule.forSeconds * 1000
      ) {
        // Held long enough: it fires. A pending alert becomes firing; one acknowledged while
        // pending stays acknowledged but fires all the same (notification, firedAt).
        const fired = await tx.$executeRaw(Prisma.sql`
          UPDATE alerts SET state = CASE WHEN state = 'pending' THEN 'firing'::"AlertState" ELSE state END,
                            fired_at = ${now}, value = ${m.value}, updated_at = now()
          WHERE id = ${open.id} AND fired_at IS NULL AND state <> 'resolved'`);
        if (fired !== 1) return null;
        await repinFor(tx, open.severity, modelId);
        if (notifies(open.silencedUntil)) {
          await emitEvent(
            tx,
            "alert.firing",
            { type: "alert", id: open.id },
            { alertId: open.id, ...describe() },
          );
        }
        return "fired";
      }
      await tx.alert.update({ where: { id: open.id }, data: { value: m.value } });
      return null;
    }
    if (open) {
      const { count } = await tx.alert.updateMany({
        where: { id: open.id, state: { not: "resolved" } },
        data: { state: "resolved", resolvedAt: now, value: m.value },
      });
      if (count !== 1) return null;
      await repinFor(tx, open.severity, modelId);
      if (open.firedAt && notifies(open.silencedUntil)) {
        await emitEvent(
          tx,
          "alert.resolved",
          { type: "alert", id: open.id },
          { alertId: open.id, ...describe(), automatic: true },
        );
      }
      return "resolved";
    }
    return null;
  });
}
