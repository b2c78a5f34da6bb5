import { createHash } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Gate } from "@/lib/schemas/promotions";
import { stageTitles, type ChecklistStageKey } from "../checklist/default-templates";
import { evaluateRule, evidenceContext, type EvidenceContext } from "../checklist/evidence";
import { checkRequirements } from "../requirement-checks";
import { deliverability } from "../delivery";
import { targetFits } from "../target-fit";

// Promotion gates and the snapshot approvals are pinned to. Gates are computed from the
// database each time they are asked for (request, preview, approval), never trusted from a
// client. The snapshot is the version's metadata and checklist state; its hash changing is
// what invalidates approvals given before.

const gatedStages: ChecklistStageKey[] = ["requirements", "preparation", "environment", "cicd"];

export interface GateTarget {
  id: string;
  memoryMb: number | null;
  gpu: string | null;
  complianceTags: string[];
}

interface ItemState {
  id: string;
  key: string;
  stage: ChecklistStageKey;
  title: string;
  required: boolean;
  checked: boolean;
  waived: boolean;
  waiverReason: string | null;
  note: string | null;
  evidenceUrl: string | null;
  evidenceRule: string | null;
  waivedAt: Date | null;
  waivedBy: { name: string } | null;
}

async function checklistItems(client: Tx, versionId: string): Promise<ItemState[]> {
  return client.checklistItem.findMany({
    where: { versionId },
    // Positions restart in each stage: order by both, or equal content could hash differently.
    orderBy: [{ stage: "asc" }, { position: "asc" }, { key: "asc" }],
    select: {
      id: true,
      key: true,
      stage: true,
      title: true,
      required: true,
      checked: true,
      waived: true,
      waiverReason: true,
      note: true,
      evidenceUrl: true,
      evidenceRule: true,
      waivedAt: true,
      waivedBy: { select: { name: true } },
    },
  });
}

/** Pure: the gate list from what the database said. Exported for tests. */
export function buildGates(input: {
  context: EvidenceContext;
  items: ItemState[];
  target: GateTarget;
  criticalAlerts: CriticalAlert[];
  /** A gitops target's format and why no manifest can be made (null: it can); absent for record-only targets. */
  delivery?: Deliverability | null;
}): Gate[] {
  const { context, items, target, criticalAlerts, delivery } = input;
  const done = (i: ItemState) =>
    i.waived || (i.evidenceRule ? evaluateRule(i.evidenceRule, context).satisfied : i.checked);

  const missing = items.filter((i) => gatedStages.includes(i.stage) && i.required && !done(i));
  const requiredCount = items.filter((i) => gatedStages.includes(i.stage) && i.required).length;
  // A waiver is a decision, not a shortcut: each one is named with who, why and when.
  const waived = items.filter((i) => gatedStages.includes(i.stage) && i.required && i.waived);
  const waivers = waived.map((i) => ({
    item: `${stageTitles[i.stage]}: ${i.title}`,
    by: i.waivedBy?.name ?? null,
    reason: i.waiverReason ?? "",
    at: i.waivedAt?.toISOString() ?? null,
  }));
  const checklist: Gate = {
    name: "checklist",
    title: "Required checklist items of stages 1–4 done",
    passed: missing.length === 0,
    blocking: true,
    detail:
      (missing.length === 0
        ? `All ${requiredCount} required items of stages 1–4 are done.`
        : `${missing.length} of ${requiredCount} required items are open.`) +
      (waived.length
        ? ` ${waived.length} of them ${waived.length === 1 ? "is" : "are"} waived (see waivers).`
        : ""),
    reasons: missing.map((i) => `${stageTitles[i.stage]}: ${i.title}`),
    ...(waivers.length ? { waivers } : {}),
  };

  const checks = checkRequirements(context.requirements, context.version.evalMetrics);
  const failedChecks = checks.filter((c) => !c.passed);
  const metrics: Gate = {
    name: "eval_metrics",
    title: "Eval metrics meet the requirements",
    passed: checks.length > 0 && failedChecks.length === 0,
    blocking: true,
    detail: !context.requirements
      ? "The model has no requirements to check against."
      : checks.length === 0
        ? "The requirements set no quality bar (minimum metric, error rate or latency)."
        : failedChecks.length === 0
          ? checks.map((c) => `${c.name} ${c.actual} ${c.rule} ${c.target}`).join("; ")
          : `${failedChecks.length} of ${checks.length} requirement checks fail.`,
    reasons: !context.requirements
      ? ["Set the model's requirements."]
      : checks.length === 0
        ? ["Set a minimum metric in the requirements."]
        : failedChecks.map((c) =>
            c.actual === null
              ? `${c.name} was not reported (needs ${c.rule} ${c.target})`
              : `${c.name} is ${c.actual}; needs ${c.rule} ${c.target}`,
          ),
  };

  const fit = targetFits(context.requirements, target);
  const fitGate: Gate = {
    name: "target_fit",
    title: "The target fits the model's requirements",
    passed: fit.fits,
    blocking: true,
    detail: fit.fits
      ? "Memory, GPU, data sensitivity and compliance all fit."
      : fit.reasons.join("; "),
    reasons: fit.reasons,
  };

  const alerts = alertGate(criticalAlerts);

  const monitoringOpen = items.filter((i) => i.stage === "monitoring" && i.required && !done(i));
  const monitoring: Gate = {
    name: "monitoring_plan",
    title: "Monitoring stage prepared",
    passed: monitoringOpen.length === 0,
    blocking: false,
    detail:
      monitoringOpen.length === 0
        ? "Reference data, alert rules and the rest of stage 5 are in place."
        : `${monitoringOpen.length} required monitoring item(s) open; they can be finished after the deployment.`,
    reasons: monitoringOpen.map((i) => i.title),
  };

  return [
    checklist,
    metrics,
    fitGate,
    alerts,
    ...(delivery ? [deliverableGate(delivery)] : []),
    monitoring,
  ];
}

type Deliverability = NonNullable<Awaited<ReturnType<typeof deliverability>>>;

const formatNames = { kserve: "KServe InferenceService", kubernetes: "Deployment and Service" };

/**
 * Pure: on a gitops target, the version's manifest must be one the repository can take. An
 * approval of a version that cannot be rendered (a Kubernetes target and no image) would end
 * in a delivery that can only fail, and the cluster would keep running the old version.
 */
export function deliverableGate(d: Deliverability): Gate {
  return {
    name: "deliverable",
    title: "The target's deployment repository can take this version",
    passed: d.problem === null,
    blocking: true,
    detail:
      d.problem === null
        ? `Its ${formatNames[d.format]} manifest renders and passes the resource's schema.`
        : `No ${formatNames[d.format]} manifest can be made: ${d.problem}.`,
    reasons: d.problem === null ? [] : [d.problem],
  };
}

/** An unresolved critical alert on one of the model's endpoints. */
export interface CriticalAlert {
  rule: string;
  deploymentId: string;
  /** The endpoint's target (the model is the version's). */
  target: string;
  targetId: string;
  state: "pending" | "firing" | "acknowledged";
  silencedUntil: Date | null;
}

function alertReason(a: CriticalAlert, now: Date): string {
  const silenced =
    a.silencedUntil && a.silencedUntil > now
      ? ` and silenced until ${a.silencedUntil.toISOString()}`
      : "";
  return `“${a.rule}” is ${a.state}${silenced} on ${a.target}`;
}

/**
 * Pure: the `no_critical_alerts` gate. A critical alert blocks until it is resolved — by the
 * evaluator when its condition clears, or by an approver. Acknowledging says someone is on
 * it and silencing mutes notifications; neither makes the model safe to ship. A pending
 * alert blocks too: its condition holds now, it has only not held long enough to notify.
 */
export function alertGate(criticalAlerts: CriticalAlert[], now = new Date()): Gate {
  const states = (["firing", "acknowledged", "pending"] as const)
    .map((state) => [state, criticalAlerts.filter((a) => a.state === state).length] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  return {
    name: "no_critical_alerts",
    title: "No unresolved critical alert on the model",
    passed: criticalAlerts.length === 0,
    blocking: true,
    detail:
      criticalAlerts.length === 0
        ? "No critical alert is open on the model's deployments."
        : `${criticalAlerts.length} critical alert(s) not resolved (${states.join(", ")}); acknowledging or silencing does not clear them.`,
    reasons: criticalAlerts.map((a) => alertReason(a, now)),
  };
}

/** Every critical alert not resolved on any endpoint of the version's model, whatever its silence. */
export async function criticalAlertsOf(client: Tx, versionId: string): Promise<CriticalAlert[]> {
  return client.$queryRaw<CriticalAlert[]>(Prisma.sql`
    SELECT COALESCE(r.name, a.rule_name) AS rule, a.deployment_id AS "deploymentId", t.slug AS target, a.target_id AS "targetId",
           a.state::text AS state, a.silenced_until AS "silencedUntil"
    FROM alerts a
    LEFT JOIN alert_rules r ON r.id = a.rule_id
    JOIN deployment_targets t ON t.id = a.target_id
    WHERE a.model_id = (SELECT model_id FROM model_versions WHERE id = ${versionId})
      AND a.state <> 'resolved' AND a.severity = 'critical'
    ORDER BY a.started_at, a.id`);
}

export interface Evaluation {
  gates: Gate[];
  snapshot: Snapshot;
  hash: string;
}

/** The gates for a version on a target, and the snapshot approvals given now would be pinned to. */
export async function evaluate(
  versionId: string,
  target: GateTarget,
  client: Tx = db,
): Promise<Evaluation> {
  // One after another: inside a transaction the queries share one connection anyway.
  const context = await evidenceContext(versionId, client);
  const items = await checklistItems(client, versionId);
  const criticalAlerts = await criticalAlertsOf(client, versionId);
  const version = await client.modelVersion.findUniqueOrThrow({ where: { id: versionId } });
  const requirements = await client.modelRequirements.findUnique({
    where: { modelId: version.modelId },
  });
  const running = await client.deployment.findFirst({
    where: { modelId: version.modelId, targetId: target.id, status: "active", canary: false },
    select: { version: { select: { version: true } } },
  });
  const delivery = await deliverability(client, versionId, target.id);
  const gates = buildGates({ context, items, target, criticalAlerts, delivery });
  const snapshot = buildSnapshot(version as unknown as Record<string, unknown>, items, gates, {
    requirements: requirements as unknown as Record<string, unknown> | null,
    replaces: running?.version.version ?? null,
  });
  return { gates, snapshot, hash: snapshotHash(snapshot) };
}

export const blockingFailures = (gates: Gate[]) => gates.filter((g) => g.blocking && !g.passed);

// ─── snapshot ────────────────────────────────────────────────────────────────

export interface Snapshot {
  version: Record<string, unknown>;
  checklist: Record<
    string,
    {
      title: string;
      required?: boolean;
      checked: boolean;
      waived: boolean;
      waiverReason: string | null;
      note: string | null;
      evidenceUrl: string | null;
    }
  >;
  /** The model's requirements: loosening them is a change to what is approved. */
  requirements?: Record<string, unknown> | null;
  /** Each blocking gate's outcome and its words, so the gates shown are never stale. */
  gates: Record<string, boolean | { passed: boolean; detail: string; reasons: string[] }>;
  /** The version running on the target now, which this request would replace. */
  replaces?: number | null;
}

const requirementFields = [
  "latencyP95Ms",
  "throughputRps",
  "memoryMb",
  "gpuRequired",
  "maxErrorRate",
  "minMetricName",
  "minMetricValue",
  "dataSensitivity",
  "complianceTags",
  "integrationStyle",
  "inputValidation",
] as const;

const versionFields = [
  "artifactUri",
  "image",
  "format",
  "sizeBytes",
  "sha256",
  "gitCommit",
  "trainingData",
  "runUrl",
  "params",
  "evalMetrics",
  "optimization",
  "modelCard",
] as const;

/**
 * Version fields added after requests were first pinned: left out of the snapshot while empty,
 * so a request pinned before the field existed keeps its hash (and its approvals) until the
 * field is actually set.
 */
const omittedWhenEmpty = new Set<string>(["image"]);

const fieldLabels: Record<string, string> = {
  artifactUri: "artifact",
  sizeBytes: "size",
  gitCommit: "git commit",
  trainingData: "training data",
  runUrl: "run URL",
  evalMetrics: "eval metrics",
  modelCard: "model card",
};

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
          a < b ? -1 : a > b ? 1 : 0,
        ),
      );
    }
    return v;
  });
}

export const snapshotHash = (s: Snapshot) =>
  createHash("sha256").update(canonicalJson(s)).digest("hex");

export function buildSnapshot(
  version: Record<string, unknown>,
  items: ItemState[],
  gates: Gate[],
  extra: { requirements: Record<string, unknown> | null; replaces: number | null },
): Snapshot {
  const numeric = (v: unknown) =>
    v !== null && typeof v === "object" && "toNumber" in (v as object) ? Number(v) : v;
  return {
    version: Object.fromEntries(
      versionFields
        .filter((f) => !(omittedWhenEmpty.has(f) && (version[f] ?? null) === null))
        .map((f) => [
          f,
          typeof version[f] === "bigint" ? String(version[f]) : (version[f] ?? null),
        ]),
    ),
    checklist: Object.fromEntries(
      items.map((i) => [
        i.key,
        {
          title: i.title,
          required: i.required,
          checked: i.checked,
          waived: i.waived,
          waiverReason: i.waiverReason,
          note: i.note,
          evidenceUrl: i.evidenceUrl,
        },
      ]),
    ),
    requirements: extra.requirements
      ? Object.fromEntries(
          requirementFields.map((f) => [f, numeric(extra.requirements![f]) ?? null]),
        )
      : null,
    gates: Object.fromEntries(
      gates
        .filter((g) => g.blocking)
        .map((g) => [g.name, { passed: g.passed, detail: g.detail, reasons: g.reasons }]),
    ),
    replaces: extra.replaces,
  };
}

const gatePassed = (g: Snapshot["gates"][string] | undefined) =>
  g === undefined ? undefined : typeof g === "boolean" ? g : g.passed;

/** Pure: every leaf that differs between two snapshots, as `path: before → after`, for the request's re-pin history. */
export function diffSnapshots(
  before: Snapshot,
  after: Snapshot,
): { path: string; before: unknown; after: unknown }[] {
  const out: { path: string; before: unknown; after: unknown }[] = [];
  const walk = (path: string, a: unknown, b: unknown, depth: number) => {
    if (canonicalJson(a) === canonicalJson(b)) return;
    const objects =
      a &&
      b &&
      typeof a === "object" &&
      typeof b === "object" &&
      !Array.isArray(a) &&
      !Array.isArray(b);
    if (objects && depth < 3) {
      const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
      for (const k of keys)
        walk(
          path ? `${path}.${k}` : k,
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
          depth + 1,
        );
      return;
    }
    out.push({ path, before: a ?? null, after: b ?? null });
  };
  walk("", before, after, 0);
  return out;
}

/** Pure: what differs between two snapshots, in words, for the request's invalidation notice. */
export function describeChange(before: Snapshot, after: Snapshot): string[] {
  const changes: string[] = [];
  const fields = versionFields.filter(
    (f) => canonicalJson(before.version[f]) !== canonicalJson(after.version[f]),
  );
  if (fields.length)
    changes.push(`the version's ${fields.map((f) => fieldLabels[f] ?? f).join(", ")} changed`);
  const keys = [...new Set([...Object.keys(before.checklist), ...Object.keys(after.checklist)])];
  const items = keys.filter(
    (k) => canonicalJson(before.checklist[k]) !== canonicalJson(after.checklist[k]),
  );
  if (items.length) {
    const names = items.map(
      (k) => `“${after.checklist[k]?.title ?? before.checklist[k]?.title ?? k}”`,
    );
    changes.push(
      `checklist item${items.length > 1 ? "s" : ""} ${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""} changed`,
    );
  }
  const reqs = requirementFields.filter(
    (f) =>
      canonicalJson(before.requirements?.[f] ?? null) !==
      canonicalJson(after.requirements?.[f] ?? null),
  );
  if (reqs.length) {
    changes.push(
      `the model's requirements changed (${reqs.map((f) => `${f} ${canonicalJson(before.requirements?.[f] ?? null)} → ${canonicalJson(after.requirements?.[f] ?? null)}`).join(", ")})`,
    );
  }
  for (const [name, gate] of Object.entries(after.gates)) {
    const was = gatePassed(before.gates[name]);
    const now = gatePassed(gate);
    if (was !== undefined && was !== now)
      changes.push(`the gate “${name}” now ${now ? "passes" : "fails"}`);
  }
  if ((before.replaces ?? null) !== (after.replaces ?? null)) {
    changes.push(
      after.replaces === null || after.replaces === undefined
        ? "nothing runs on the target any more"
        : `the target now runs version ${after.replaces}${before.replaces ? ` (was ${before.replaces})` : ""}, which this request would replace`,
    );
  }
  return changes;
}
