import { db, type Tx } from "@/lib/db";
import { Prisma, type AlertRule, type Severity } from "@/lib/generated/prisma/client";
import { pool } from "@/lib/pg";
import { systemActor } from "../audit";
import { emitEvent } from "../events";
import { repinPending } from "../promotions/requests";
import { type EstimatedMetric, estimatedMetric } from "../performance";
import { type Signal, requestRetraining } from "../retraining";
import { ACCURACY_METRIC, compare, comparatorSymbol } from "./rules";

// Alert evaluation (a background job, every 30 s). For every enabled rule and every endpoint it
// applies to (a model on a target with a version running there): measure the rule's value over
// its window from the endpoint's data, whichever releases it came from, then move the
// (rule, endpoint) alert through pending → firing → resolved. A release does not reset it: the
// alert stays open on the endpoint and resolves from the new version's data. The partial unique
// index "one open alert per rule and endpoint" and conditional UPDATEs make concurrent
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

/** An endpoint being watched: its key, what runs there now, and every deployment it has had. */
interface Watched {
  key: string;
  modelId: string;
  targetId: string;
  current: string;
  deploymentIds: string[];
}

/** Each deployment of the watched endpoints, with its endpoint's key: the SQL groups by it. */
function membership(endpoints: Watched[]): [string[], string[]] {
  const ids: string[] = [];
  const keys: string[] = [];
  for (const e of endpoints)
    for (const id of e.deploymentIds) {
      ids.push(id);
      keys.push(e.key);
    }
  return [ids, keys];
}

async function aggregates(
  endpoints: Watched[],
  metric: string,
  from: Date,
  to: Date,
): Promise<Map<string, Agg>> {
  const { rows } = await pool().query<Agg & { key: string }>(
    `SELECT e.key, count(*)::int AS n, avg(value) AS avg, max(value) AS max, min(value) AS min, sum(value) AS sum,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY value) AS p95
     FROM metric_points p JOIN unnest($1::text[], $2::text[]) AS e(id, key) ON p.deployment_id = e.id
     WHERE p.name = $3 AND p.ts >= $4 AND p.ts < $5
     GROUP BY e.key`,
    [...membership(endpoints), metric, from.toISOString(), to.toISOString()],
  );
  return new Map(rows.map((r) => [r.key, r]));
}

async function accuracy(endpoints: Watched[], from: Date, to: Date): Promise<Map<string, Agg>> {
  const { rows } = await pool().query<{ key: string; labeled: number; correct: number }>(
    `SELECT e.key, count(*)::int AS labeled, count(*) FILTER (WHERE prediction = label)::int AS correct
     FROM predictions p JOIN unnest($1::text[], $2::text[]) AS e(id, key) ON p.deployment_id = e.id
     WHERE p.label IS NOT NULL AND p.ts >= $3 AND p.ts < $4
     GROUP BY e.key`,
    [...membership(endpoints), from.toISOString(), to.toISOString()],
  );
  return new Map(
    rows.map((r) => {
      const a = r.labeled ? r.correct / r.labeled : null;
      return [r.key, { n: r.labeled, avg: a, max: a, min: a, sum: a, p95: a }];
    }),
  );
}

/** The newest drift report of each endpoint (each compared with its own version's reference). */
async function driftShares(
  endpoints: Watched[],
  since: Date,
): Promise<Map<string, { drifted: boolean; share: number }>> {
  const { rows } = await pool().query<{ key: string; drifted: boolean; share: number }>(
    `SELECT DISTINCT ON (e.key) e.key, r.drifted, r.share
     FROM drift_reports r JOIN unnest($1::text[], $2::text[]) AS e(id, key) ON r.deployment_id = e.id
     WHERE r.created_at >= $3 ORDER BY e.key, r.created_at DESC`,
    [...membership(endpoints), since.toISOString()],
  );
  return new Map(rows.map((r) => [r.key, r]));
}

/** The newest drift report's worst feature quality share of each endpoint. */
async function qualityShares(endpoints: Watched[], since: Date): Promise<Map<string, number>> {
  const { rows } = await pool().query<{ key: string; quality: number }>(
    `SELECT DISTINCT ON (e.key) e.key, r.quality
     FROM drift_reports r JOIN unnest($1::text[], $2::text[]) AS e(id, key) ON r.deployment_id = e.id
     WHERE r.created_at >= $3 AND r.quality IS NOT NULL ORDER BY e.key, r.created_at DESC`,
    [...membership(endpoints), since.toISOString()],
  );
  return new Map(rows.map((r) => [r.key, r.quality]));
}

/**
 * The estimate of what runs on the endpoint now (over the rule's window), against the rule's
 * threshold or else the model's requirement for that metric.
 */
async function judgeEstimate(
  rule: AlertRule,
  deploymentId: string,
  from: Date,
  to: Date,
): Promise<Measurement> {
  const metric = (rule.metric ?? "accuracy") as EstimatedMetric;
  const estimate = await estimatedMetric(deploymentId, { from, to, metric });
  if (!estimate) return { value: null, breached: false };
  const threshold =
    rule.threshold ?? (estimate.requirement?.metric === metric ? estimate.requirement.value : null);
  if (threshold === null) return { value: estimate.value, breached: false };
  return { value: estimate.value, breached: compare(estimate.value, rule.comparator, threshold) };
}

/** Every endpoint with a version running, with all the deployments it has had. */
async function watchedEndpoints(): Promise<Watched[]> {
  const { rows } = await pool().query<{
    model_id: string;
    target_id: string;
    current: string;
    ids: string[];
  }>(
    `SELECT a.model_id, a.target_id, (array_agg(a.id ORDER BY a.activated_at DESC NULLS LAST))[1] AS current,
            (SELECT array_agg(d.id) FROM deployments d WHERE d.model_id = a.model_id AND d.target_id = a.target_id) AS ids
     FROM deployments a WHERE a.status = 'active' GROUP BY a.model_id, a.target_id`,
  );
  return rows.map((r) => ({
    key: `${r.model_id}/${r.target_id}`,
    modelId: r.model_id,
    targetId: r.target_id,
    current: r.current,
    deploymentIds: r.ids,
  }));
}

/** Pure: whether a rule applies to an endpoint (its model, its target, both, or everything). */
export function ruleApplies(
  rule: Pick<AlertRule, "modelId" | "targetId">,
  e: Pick<Watched, "modelId" | "targetId">,
): boolean {
  return (
    (rule.modelId === null || rule.modelId === e.modelId) &&
    (rule.targetId === null || rule.targetId === e.targetId)
  );
}

export async function evaluateAlerts(
  now = new Date(),
): Promise<{ rules: number; fired: number; resolved: number }> {
  const [rules, endpoints] = await Promise.all([
    db.alertRule.findMany({
      where: { OR: [{ enabled: true }, { alerts: { some: { state: { not: "resolved" } } } }] },
    }),
    watchedEndpoints(),
  ]);
  let fired = 0;
  let resolved = 0;
  for (const rule of rules) {
    const targets = endpoints.filter((e) => ruleApplies(rule, e));
    if (targets.length === 0) continue;
    const from = new Date(now.getTime() - rule.windowSeconds * 1000);
    const measured = new Map<string, Measurement>();
    if (rule.kind === "estimated_performance") {
      for (const e of targets) measured.set(e.key, await judgeEstimate(rule, e.current, from, now));
    } else if (rule.kind === "data_quality") {
      const worst = await qualityShares(targets, from);
      for (const e of targets) {
        const value = worst.get(e.key) ?? null;
        measured.set(
          e.key,
          value === null
            ? { value: null, breached: false }
            : { value, breached: compare(value, rule.comparator, rule.threshold ?? 0.05) },
        );
      }
    } else if (rule.kind === "drift") {
      const shares = await driftShares(targets, from);
      for (const e of targets) {
        const r = shares.get(e.key);
        measured.set(
          e.key,
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
      for (const e of targets)
        measured.set(
          e.key,
          judgeMetric(
            rule,
            aggs.get(e.key) ?? { n: 0, avg: null, max: null, min: null, sum: null, p95: null },
          ),
        );
    }
    for (const e of targets) {
      const result = await step(rule, e, measured.get(e.key)!, now);
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

/** The retraining signal an alert of this rule stands for, if any. */
export function retrainingSignalOf(
  rule: Pick<AlertRule, "kind" | "metric" | "comparator">,
): Signal["signal"] | null {
  if (rule.kind === "estimated_performance") return "estimated_performance";
  if (rule.kind === "data_quality") return "data_quality";
  if (
    (rule.kind === "requirement" || rule.kind === "metric") &&
    rule.metric === ACCURACY_METRIC &&
    (rule.comparator === "lt" || rule.comparator === "lte")
  )
    return "realized_performance";
  return null;
}

/** A firing alert that stands for a retraining signal asks the model's retraining policy. */
async function retrainOnFiring(
  tx: Tx,
  rule: AlertRule,
  { deploymentId, value, now }: { deploymentId: string; value: number | null; now: Date },
) {
  const signal = retrainingSignalOf(rule);
  if (!signal) return;
  await requestRetraining(tx, {
    deploymentId,
    signal,
    at: now,
    now,
    summary: `Alert "${rule.name}" fired${value === null ? "" : ` at ${+value.toFixed(4)}`}`,
    figures: {
      rule: rule.name,
      metric: rule.metric,
      value,
      threshold: rule.threshold,
      windowSeconds: rule.windowSeconds,
    },
  });
}

/** Move one (rule, endpoint) alert one step. */
async function step(
  rule: AlertRule,
  { current: deploymentId, modelId, targetId }: Watched,
  m: Measurement,
  now: Date,
): Promise<"fired" | "resolved" | null> {
  if (m.value === null && !m.breached) {
    // Nothing to judge: leave an open alert as it is (no data is not recovery).
    return null;
  }
  return db.$transaction(async (tx) => {
    const open = await tx.alert.findFirst({
      where: { ruleId: rule.id, modelId, targetId, state: { not: "resolved" } },
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
          INSERT INTO alerts (id, rule_id, model_id, target_id, deployment_id, state, severity, value, started_at, fired_at, created_at, updated_at)
          VALUES (${`al_${crypto.randomUUID()}`}, ${rule.id}, ${modelId}, ${targetId}, ${deploymentId}, ${firing ? "firing" : "pending"}::"AlertState", ${rule.severity}::"Severity",
                  ${m.value}, ${now}, ${firing ? now : null}, now(), now())
          ON CONFLICT (rule_id, model_id, target_id) WHERE state <> 'resolved' DO NOTHING
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
        await retrainOnFiring(tx, rule, { deploymentId, value: m.value, now });
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
        await retrainOnFiring(tx, rule, { deploymentId, value: m.value, now });
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
