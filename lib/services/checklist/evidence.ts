import { db, type Tx } from "@/lib/db";
import { checkRequirements } from "../requirement-checks";
import { targetFits } from "../target-fit";

// Evidence rules: checklist items that check themselves from data Modelgate already holds.
// Evaluated on every read, so an item flips the moment its data changes (requirements set,
// model card written, reference data uploaded …) with nothing to keep in sync.

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
  chosenTargets: { name: string; memoryMb: number | null; gpu: string | null; complianceTags: string[] }[];
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
        ? yes(`Memory budget ${r.memoryMb} MB; ${r.gpuRequired ? "a GPU is required" : "no GPU needed"}.`)
        : no("Set a memory budget in the requirements."),
  },
  "requirements.performance_defined": {
    label: "Latency and throughput targets set in the requirements",
    evaluate: ({ requirements: r }) => {
      const missing = [r?.latencyP95Ms == null && "a p95 latency target", r?.throughputRps == null && "a throughput target"].filter(Boolean);
      return missing.length ? no(`Set ${missing.join(" and ")} in the requirements.`) : yes(`p95 ≤ ${r!.latencyP95Ms} ms at ${r!.throughputRps} req/s.`);
    },
  },
  "requirements.sensitivity_classified": {
    label: "Data sensitivity and compliance recorded in the requirements",
    evaluate: ({ requirements: r }) =>
      r
        ? yes(`Data is ${r.dataSensitivity}${r.complianceTags.length ? `; compliance: ${r.complianceTags.join(", ")}` : "; no compliance tags"}.`)
        : no("Write the requirements, including data sensitivity."),
  },
  "version.optimization_recorded": {
    label: "An optimization record exists",
    evaluate: ({ version }) => {
      const o = version.optimization as { technique?: string } | null;
      return o ? yes(`Optimized by ${o.technique ?? "an unnamed technique"}.`) : no("Record pruning, quantization or distillation with before/after figures.");
    },
  },
  "version.metrics_meet_requirements": {
    label: "Eval metrics meet the requirements",
    evaluate: ({ requirements, version }) => {
      const checks = checkRequirements(requirements, version.evalMetrics);
      if (checks.length === 0) return no("The requirements set no quality bar to check against.");
      const failed = checks.filter((c) => !c.passed);
      if (failed.length === 0) return yes(checks.map((c) => `${c.name} ${c.actual} ${c.rule === ">=" ? "≥" : "≤"} ${c.target}`).join("; ") + ".");
      return no(failed.map((c) => (c.actual === null ? `${c.name} not reported` : `${c.name} ${c.actual} misses ${c.rule === ">=" ? "≥" : "≤"} ${c.target}`)).join("; ") + ".");
    },
  },
  "version.model_card_present": {
    label: "Model card present",
    evaluate: ({ version }) => {
      const length = version.modelCard?.trim().length ?? 0;
      return length >= 40 ? yes(`Model card present (${length} characters).`) : no(length ? "The model card is too short to be useful." : "Write a model card for this version.");
    },
  },
  "version.lineage_recorded": {
    label: "Checksum, code commit and training data recorded",
    evaluate: ({ version: v }) => {
      const missing = [!v.sha256 && "the artifact's sha256", !v.gitCommit && "the git commit", !v.trainingData && "the training data"].filter(Boolean);
      return missing.length ? no(`Record ${missing.join(", ")}.`) : yes(`Commit ${v.gitCommit!.slice(0, 8)}, data ${v.trainingData}.`);
    },
  },
  "environment.fitting_target": {
    label: "A target that fits the requirements is chosen",
    evaluate: ({ requirements, chosenTargets }) => {
      if (chosenTargets.length === 0) return no("No target chosen yet: request a promotion to one that fits.");
      const fitting = chosenTargets.filter((t) => targetFits(requirements, t).fits);
      if (fitting.length) return yes(`${fitting.map((t) => t.name).join(", ")} fit${fitting.length === 1 ? "s" : ""} the requirements.`);
      const why = targetFits(requirements, chosenTargets[0]).reasons[0];
      return no(`${chosenTargets[0].name} does not fit: ${why}.`);
    },
  },
  "monitoring.reference_uploaded": {
    label: "Reference data uploaded for drift",
    evaluate: ({ hasReferenceData }) => (hasReferenceData ? yes("Reference data is uploaded; drift is measured against it.") : no("Upload reference data (PUT …/reference) so drift can be measured.")),
  },
  "monitoring.alert_rules_cover": {
    label: "Alert rules cover this deployment",
    evaluate: ({ alertRules }) => (alertRules > 0 ? yes(`${alertRules} enabled alert rule${alertRules === 1 ? "" : "s"} watch this model.`) : no("Add alert rules for latency, errors and accuracy.")),
  },
};

export function evaluateRule(rule: string, context: EvidenceContext): Evidence {
  const r = evidenceRules[rule];
  return r ? r.evaluate(context) : no(`Unknown evidence rule "${rule}".`);
}

/** Everything the rules read, for many versions at once, in two queries. */
export async function evidenceContexts(versionIds: string[], client: Tx = db): Promise<Map<string, EvidenceContext>> {
  if (versionIds.length === 0) return new Map();
  const target = { select: { name: true, memoryMb: true, gpu: true, complianceTags: true } } as const;
  const versions = await client.modelVersion.findMany({
    where: { id: { in: versionIds } },
    select: {
      id: true,
      modelId: true,
      evalMetrics: true,
      optimization: true,
      modelCard: true,
      sha256: true,
      gitCommit: true,
      trainingData: true,
      model: { select: { requirements: true } },
      referenceData: { select: { id: true } },
      deployments: { select: { id: true, target } },
      promotionRequests: { where: { status: { in: ["pending", "approved"] } }, select: { target } },
    },
  });
  const rules = await client.alertRule.findMany({
    where: {
      enabled: true,
      OR: [{ modelId: { in: versions.map((v) => v.modelId) } }, { deploymentId: { in: versions.flatMap((v) => v.deployments.map((d) => d.id)) } }],
    },
    select: { modelId: true, deploymentId: true },
  });
  return new Map(
    versions.map((v) => {
      const deploymentIds = new Set(v.deployments.map((d) => d.id));
      const targets = [...v.deployments.map((d) => d.target), ...v.promotionRequests.map((p) => p.target)];
      return [
        v.id,
        {
          requirements: v.model.requirements,
          version: {
            evalMetrics: (v.evalMetrics ?? {}) as Record<string, number>,
            optimization: v.optimization,
            modelCard: v.modelCard,
            sha256: v.sha256,
            gitCommit: v.gitCommit,
            trainingData: v.trainingData,
          },
          chosenTargets: [...new Map(targets.map((t) => [t.name, t])).values()],
          hasReferenceData: Boolean(v.referenceData),
          alertRules: rules.filter((r) => r.modelId === v.modelId || (r.deploymentId && deploymentIds.has(r.deploymentId))).length,
        },
      ];
    }),
  );
}

export async function evidenceContext(versionId: string, client: Tx = db): Promise<EvidenceContext> {
  const context = (await evidenceContexts([versionId], client)).get(versionId);
  if (!context) throw new Error(`version ${versionId} not found`);
  return context;
}

/** Done/total per version, counting evidence the way the checklist does. For lists. */
export async function checklistProgress(versionIds: string[], client: Tx = db): Promise<Map<string, { done: number; total: number }>> {
  if (versionIds.length === 0) return new Map();
  const [items, contexts] = await Promise.all([
    client.checklistItem.findMany({ where: { versionId: { in: versionIds } }, select: { versionId: true, checked: true, waived: true, evidenceRule: true } }),
    evidenceContexts(versionIds, client),
  ]);
  const progress = new Map<string, { done: number; total: number }>();
  for (const i of items) {
    const p = progress.get(i.versionId) ?? { done: 0, total: 0 };
    const context = contexts.get(i.versionId);
    const done = i.waived || (i.evidenceRule && context ? evaluateRule(i.evidenceRule, context).satisfied : i.checked);
    p.total += 1;
    if (done) p.done += 1;
    progress.set(i.versionId, p);
  }
  return progress;
}
