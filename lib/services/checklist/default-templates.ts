// The default checklist: the verification points of the five stages, in our own words.
// Admins edit the live templates in Settings; these seed a fresh installation. An item
// with an `evidenceRule` checks itself from data Modelgate already holds.

export type ChecklistStageKey =
  "requirements" | "preparation" | "environment" | "cicd" | "monitoring";

export interface DefaultTemplate {
  stage: ChecklistStageKey;
  key: string;
  title: string;
  description: string;
  required: boolean;
  evidenceRule?: string;
}

export const stageTitles: Record<ChecklistStageKey, string> = {
  requirements: "Requirements",
  preparation: "Preparation",
  environment: "Environment",
  cicd: "CI/CD",
  monitoring: "Monitoring",
};

export const defaultTemplates: DefaultTemplate[] = [
  // 1 — what production must give the model, and the model must give back
  {
    stage: "requirements",
    key: "requirements.compute",
    title: "Compute, memory and GPU needs stated",
    description:
      "Memory budget and whether a GPU is needed are recorded, so a target can be checked against them.",
    required: true,
    evidenceRule: "requirements.compute_defined",
  },
  {
    stage: "requirements",
    key: "requirements.performance",
    title: "Latency and throughput targets set",
    description:
      "A p95 latency target and the expected request volume are written down, with room to grow.",
    required: true,
    evidenceRule: "requirements.performance_defined",
  },
  {
    stage: "requirements",
    key: "requirements.integration",
    title: "Integration points and interfaces agreed",
    description:
      "The calling systems, the API style (REST, gRPC, batch, streaming) and the data flow are known and reachable.",
    required: true,
  },
  {
    stage: "requirements",
    key: "requirements.input-validation",
    title: "Input validation and preprocessing specified",
    description:
      "How malformed, missing and out-of-range inputs are caught before they reach the model.",
    required: true,
  },
  {
    stage: "requirements",
    key: "requirements.compliance",
    title: "Security and compliance needs classified",
    description:
      "Data sensitivity is set and the regulations that apply (privacy, access, sector rules) are tagged.",
    required: true,
    evidenceRule: "requirements.sensitivity_classified",
  },
  // 2 — from prototype to something production can carry
  {
    stage: "preparation",
    key: "preparation.optimized",
    title: "Model made efficient",
    description:
      "Pruning, quantization or distillation tried, with size, latency and accuracy before and after recorded.",
    required: false,
    evidenceRule: "version.optimization_recorded",
  },
  {
    stage: "preparation",
    key: "preparation.evaluated",
    title: "Evaluation meets the requirements",
    description: "Reported eval metrics reach the minimum the requirements set.",
    required: true,
    evidenceRule: "version.metrics_meet_requirements",
  },
  {
    stage: "preparation",
    key: "preparation.stress-tested",
    title: "Stress-tested on edge cases",
    description:
      "Unusual inputs, load peaks and degraded dependencies were tried; the results are linked as evidence.",
    required: true,
  },
  {
    stage: "preparation",
    key: "preparation.documented",
    title: "Model card written",
    description:
      "Architecture, training data, intended use and known limits are documented on the version.",
    required: true,
    evidenceRule: "version.model_card_present",
  },
  {
    stage: "preparation",
    key: "preparation.versioned",
    title: "Artifact versioned and traceable",
    description:
      "The artifact has a checksum, and the training data and code commit it came from are recorded.",
    required: true,
    evidenceRule: "version.lineage_recorded",
  },
  // 3 — where it runs
  {
    stage: "environment",
    key: "environment.target-fits",
    title: "A target that fits is chosen",
    description:
      "Cloud, on-premise or hybrid: the chosen target has the memory, GPU and compliance the model needs.",
    required: true,
    evidenceRule: "environment.fitting_target",
  },
  {
    stage: "environment",
    key: "environment.scaling",
    title: "Scaling limits fit the expected load",
    description: "Replica limits and autoscaling cover the throughput target and its peaks.",
    required: true,
  },
  {
    stage: "environment",
    key: "environment.governance",
    title: "Data governance of the target confirmed",
    description:
      "Where the data goes and who can reach it is acceptable for the model's data sensitivity.",
    required: true,
  },
  {
    stage: "environment",
    key: "environment.cost",
    title: "Running cost estimated",
    description: "The cost of the target at the expected load is known and accepted.",
    required: false,
  },
  // 4 — automation
  {
    stage: "cicd",
    key: "cicd.automated-tests",
    title: "Automated tests and evaluation in the pipeline",
    description:
      "Every build runs unit tests and an evaluation that can fail it on a quality regression.",
    required: true,
  },
  {
    stage: "cicd",
    key: "cicd.versioning",
    title: "Builds register versions automatically",
    description:
      "The pipeline registers each version with its metrics and lineage (API or CLI), not by hand.",
    required: true,
    evidenceRule: "version.lineage_recorded",
  },
  {
    stage: "cicd",
    key: "cicd.deploy-rollback",
    title: "Deployment and rollback are one step each",
    description:
      "Promotion goes through Modelgate's gates, and rolling back to the previous version is rehearsed.",
    required: true,
  },
  {
    stage: "cicd",
    key: "cicd.reproducible",
    title: "Reproducible runtime",
    description: "The serving image or environment is pinned and built the same way every time.",
    required: false,
  },
  // 5 — watching it
  {
    stage: "monitoring",
    key: "monitoring.metrics",
    title: "Performance metrics reported",
    description:
      "Latency, throughput, errors, confidence and resource use reach Modelgate from the model server.",
    required: true,
  },
  {
    stage: "monitoring",
    key: "monitoring.alerts",
    title: "Alert rules cover the deployment",
    description:
      "Rules on latency, error rate and accuracy notify the owners when the requirements are breached.",
    required: true,
    evidenceRule: "monitoring.alert_rules_cover",
  },
  {
    stage: "monitoring",
    key: "monitoring.drift",
    title: "Drift detection in place",
    description:
      "Reference data is uploaded, so input drift against the training distribution is measured.",
    required: true,
    evidenceRule: "monitoring.reference_uploaded",
  },
  {
    stage: "monitoring",
    key: "monitoring.inference-log",
    title: "Inference logged",
    description:
      "A sample of inputs, outputs and confidences is kept, with ground truth joined when it arrives.",
    required: true,
  },
  {
    stage: "monitoring",
    key: "monitoring.retraining",
    title: "Retraining triggers defined",
    description:
      "What degradation starts a retraining run is agreed, and a webhook or pipeline acts on it.",
    required: false,
  },
];
