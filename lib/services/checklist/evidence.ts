import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { checkRequirements } from "../requirement-checks";
import { targetFits } from "../target-fit";

// Evidence rules: checklist items that check themselves from data Modelgate already holds.
// Evaluated on every read of a checklist, so an item flips the moment its data changes
// (requirements set, model card written, reference data uploaded …). Lists show a count
// stored per version instead, which the services that change that data keep in step
// (progress.ts).

export interface Evidence {
  satisfied: boolean;
  reason: string;
}

export interface EvidenceContext {
  requirements: {
    latencyP95Ms: number | null;
    throughputRps: number | null;
    memoryMb: number | null;
    gpuRequired: boolean;
    maxErrorRate: number | null;
    minMetricName: string | null;
    minMetricValue: number | null;
    dataSensitivity: "public" | "internal" | "confidential" | "regulated";
    complianceTags: string[];
  } | null;
  version: {
    evalMetrics: Record<string, number>;
    optimization: unknown;
    modelCard: string | null;
    sha256: string | null;
    gitCommit: string | null;
    trainingData: string | null;
  };
  /** Targets this version was deployed or proposed to. */
  chosenTargets: {
    name: string;
    memoryMb: number | null;
    gpu: string | null;
    complianceTags: string[];
  }[];
  hasReferenceData: boolean;
  alertRules: number;
}

type Rule = { label: string; evaluate: (c: EvidenceContext) => Evidence };

const yes = (reason: string): Evidence => ({ satisfied: true, reason });
const no = (reason: string): Evidence => ({ satisfied: false, reason });

export const evidenceRules: Record<string, Rule> = {
  "requirements.compute_defined": {
    label: "Memory budget and GPU need set in the requirements",
    evaluate: ({ requirements: r }) =>
      r?.memoryMb != null
        ? yes(
            `Memory budget ${r.memoryMb} MB; ${r.gpuRequired ? "a GPU is required" : "no GPU needed"}.`,
          )
        : no("Set a memory budget in the requirements."),
  },
  "requirements.performance_defined": {
    label: "Latency and throughput targets set in the requirements",
    evaluate: ({ requirements: r }) => {
      const missing = [
        r?.latencyP95Ms == null && "a p95 latency target",
        r?.throughputRps == null && "a throughput target",
      ].filter(Boolean);
      return missing.length
        ? no(`Set ${missing.join(" and ")} in the requirements.`)
        : yes(`p95 ≤ ${r!.latencyP95Ms} ms at ${r!.throughputRps} req/s.`);
    },
  },
  "requirements.sensitivity_classified": {
    label: "Data sensitivity and compliance recorded in the requirements",
    evaluate: ({ requirements: r }) =>
      r
        ? yes(
            `Data is ${r.dataSensitivity}${r.complianceTags.length ? `; compliance: ${r.complianceTags.join(", ")}` : "; no compliance tags"}.`,
          )
        : no("Write the requirements, including data sensitivity."),
  },
  "version.optimization_recorded": {
    label: "An optimization record exists",
    evaluate: ({ version }) => {
      const o = version.optimization as { technique?: string } | null;
      return o
        ? yes(`Optimized by ${o.technique ?? "an unnamed technique"}.`)
        : no("Record pruning, quantization or distillation with before/after figures.");
    },
  },
  "version.metrics_meet_requirements": {
    label: "Eval metrics meet the requirements",
    evaluate: ({ requirements, version }) => {
      const checks = checkRequirements(requirements, version.evalMetrics);
      if (checks.length === 0) return no("The requirements set no quality bar to check against.");
      const failed = checks.filter((c) => !c.passed);
      if (failed.length === 0)
        return yes(
          checks
            .map((c) => `${c.name} ${c.actual} ${c.rule === ">=" ? "≥" : "≤"} ${c.target}`)
            .join("; ") + ".",
        );
      return no(
        failed
          .map((c) =>
            c.actual === null
              ? `${c.name} not reported`
              : `${c.name} ${c.actual} misses ${c.rule === ">=" ? "≥" : "≤"} ${c.target}`,
          )
          .join("; ") + ".",
      );
    },
  },
  "version.model_card_present": {
    label: "Model card present",
    evaluate: ({ version }) => {
      const length = version.modelCard?.trim().length ?? 0;
      return length >= 40
        ? yes(`Model card present (${length} characters).`)
        : no(
            length
              ? "The model card is too short to be useful."
              : "Write a model card for this version.",
          );
    },
  },
  "version.lineage_recorded": {
    label: "Checksum, code commit and training data recorded",
    evaluate: ({ version: v }) => {
      const missing = [
        !v.sha256 && "the artifact's sha256",
        !v.gitCommit && "the git commit",
        !v.trainingData && "the training data",
      ].filter(Boolean);
      return missing.length
        ? no(`Record ${missing.join(", ")}.`)
        : yes(`Commit ${v.gitCommit!.slice(0, 8)}, data ${v.trainingData}.`);
    },
  },
  "environment.fitting_target": {
    label: "A target that fits the requirements is chosen",
    evaluate: ({ requirements, chosenTargets }) => {
      if (chosenTargets.length === 0)
        return no("No target chosen yet: request a promotion to one that fits.");
      const fitting = chosenTargets.filter((t) => targetFits(requirements, t).fits);
      if (fitting.length)
        return yes(
          `${fitting.map((t) => t.name).join(", ")} fit${fitting.length === 1 ? "s" : ""} the requirements.`,
        );
      const why = targetFits(requirements, chosenTargets[0]).reasons[0];
      return no(`${chosenTargets[0].name} does not fit: ${why}.`);
    },
  },
  "monitoring.reference_uploaded": {
    label: "Reference data uploaded for drift",
    evaluate: ({ hasReferenceData }) =>
      hasReferenceData
        ? yes("Reference data is uploaded; drift is measured against it.")
        : no(
            "Upload a CSV of the training data with Upload CSV in the version's Reference data card, so drift can be measured.",
          ),
  },
  "monitoring.alert_rules_cover": {
    label: "Alert rules cover this deployment",
    evaluate: ({ alertRules }) =>
      alertRules > 0
        ? yes(
            `${alertRules} enabled alert rule${alertRules === 1 ? " watches" : "s watch"} this model.`,
          )
        : no("Add alert rules for latency, errors and accuracy."),
  },
};

export function evaluateRule(rule: string, context: EvidenceContext): Evidence {
  const r = evidenceRules[rule];
  return r ? r.evaluate(context) : no(`Unknown evidence rule "${rule}".`);
}

type ContextRow = {
  id: string;
  eval_metrics: Record<string, number> | null;
  optimization: unknown;
  model_card: string | null;
  sha256: string | null;
  git_commit: string | null;
  training_data: string | null;
  has_requirements: boolean;
  latency_p95_ms: number | null;
  throughput_rps: number | null;
  memory_mb: number | null;
  gpu_required: boolean | null;
  max_error_rate: number | null;
  min_metric_name: string | null;
  min_metric_value: number | null;
  data_sensitivity: "public" | "internal" | "confidential" | "regulated" | null;
  compliance_tags: string[] | null;
  has_reference: boolean;
  targets: {
    name: string;
    memoryMb: number | null;
    gpu: string | null;
    complianceTags: string[];
  }[];
  alert_rules: bigint;
};

/** Everything the rules read, for many versions at once, in one query. */
export async function evidenceContexts(
  versionIds: string[],
  client: Tx = db,
): Promise<Map<string, EvidenceContext>> {
  if (versionIds.length === 0) return new Map();
  const rows = await client.$queryRaw<ContextRow[]>(Prisma.sql`
    SELECT v.id, v.eval_metrics, v.optimization, v.model_card, v.sha256, v.git_commit, v.training_data,
           r.id IS NOT NULL AS has_requirements, r.latency_p95_ms, r.throughput_rps, r.memory_mb, r.gpu_required,
           r.max_error_rate, r.min_metric_name, r.min_metric_value, r.data_sensitivity::text AS data_sensitivity, r.compliance_tags,
           EXISTS (SELECT 1 FROM reference_datasets rd WHERE rd.version_id = v.id) AS has_reference,
           COALESCE((
             SELECT jsonb_agg(jsonb_build_object('name', t.name, 'memoryMb', t.memory_mb, 'gpu', t.gpu, 'complianceTags', t.compliance_tags))
             FROM deployment_targets t
             WHERE t.id IN (SELECT d.target_id FROM deployments d WHERE d.version_id = v.id
                            UNION SELECT p.target_id FROM promotion_requests p WHERE p.version_id = v.id AND p.status IN ('pending', 'approved'))
           ), '[]'::jsonb) AS targets,
           (SELECT count(*) FROM alert_rules a
             WHERE a.enabled AND (a.model_id = v.model_id OR a.deployment_id IN (SELECT d.id FROM deployments d WHERE d.version_id = v.id))) AS alert_rules
    FROM model_versions v
    LEFT JOIN model_requirements r ON r.model_id = v.model_id
    WHERE v.id IN (${Prisma.join(versionIds)})`);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        requirements: r.has_requirements
          ? {
              latencyP95Ms: r.latency_p95_ms,
              throughputRps: r.throughput_rps,
              memoryMb: r.memory_mb,
              gpuRequired: Boolean(r.gpu_required),
              maxErrorRate: r.max_error_rate,
              minMetricName: r.min_metric_name,
              minMetricValue: r.min_metric_value,
              dataSensitivity: r.data_sensitivity ?? "internal",
              complianceTags: r.compliance_tags ?? [],
            }
          : null,
        version: {
          evalMetrics: r.eval_metrics ?? {},
          optimization: r.optimization,
          modelCard: r.model_card,
          sha256: r.sha256,
          gitCommit: r.git_commit,
          trainingData: r.training_data,
        },
        chosenTargets: r.targets,
        hasReferenceData: r.has_reference,
        alertRules: Number(r.alert_rules),
      },
    ]),
  );
}

export async function evidenceContext(
  versionId: string,
  client: Tx = db,
): Promise<EvidenceContext> {
  const context = (await evidenceContexts([versionId], client)).get(versionId);
  if (!context) throw new Error(`version ${versionId} not found`);
  return context;
}

/** Done/total per version, counting evidence the way the checklist does (what progress.ts stores). */
export async function checklistProgress(
  versionIds: string[],
  client: Tx = db,
): Promise<Map<string, { done: number; total: number }>> {
  if (versionIds.length === 0) return new Map();
  // Counted in SQL per (version, rule): a page of 50 versions is ~500 small rows, not ~1,200 items.
  const [groups, contexts] = await Promise.all([
    client.$queryRaw<
      {
        version_id: string;
        evidence_rule: string | null;
        total: bigint;
        waived: bigint;
        done: bigint;
      }[]
    >(Prisma.sql`
      SELECT version_id, evidence_rule, count(*) AS total,
             count(*) FILTER (WHERE waived) AS waived,
             count(*) FILTER (WHERE checked OR waived) AS done
      FROM checklist_items WHERE version_id IN (${Prisma.join(versionIds)})
      GROUP BY version_id, evidence_rule`),
    evidenceContexts(versionIds, client),
  ]);
  const progress = new Map<string, { done: number; total: number }>();
  for (const g of groups) {
    const p = progress.get(g.version_id) ?? { done: 0, total: 0 };
    const context = contexts.get(g.version_id);
    const total = Number(g.total);
    const satisfied =
      g.evidence_rule && context ? evaluateRule(g.evidence_rule, context).satisfied : null;
    p.total += total;
    p.done += satisfied === null ? Number(g.done) : satisfied ? total : Number(g.waived);
    progress.set(g.version_id, p);
  }
  return progress;
}
