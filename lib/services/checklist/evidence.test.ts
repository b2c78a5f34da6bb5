import { describe, expect, it } from "vitest";
import { type EvidenceContext, evaluateRule, evidenceRules } from "./evidence";
import { defaultTemplates } from "./default-templates";

const base: EvidenceContext = {
  requirements: null,
  version: {
    evalMetrics: {},
    optimization: null,
    modelCard: null,
    sha256: null,
    gitCommit: null,
    trainingData: null,
  },
  chosenTargets: [],
  hasReferenceData: false,
  alertRules: 0,
};
const req = {
  latencyP95Ms: 50,
  throughputRps: 20,
  memoryMb: 512,
  gpuRequired: false,
  maxErrorRate: null,
  minMetricName: "accuracy",
  minMetricValue: 0.8,
  dataSensitivity: "regulated" as const,
  complianceTags: ["gdpr"],
};

describe("evidence rules", () => {
  it("exist for every rule the default templates name", () => {
    for (const t of defaultTemplates)
      if (t.evidenceRule) expect(evidenceRules[t.evidenceRule], t.evidenceRule).toBeDefined();
  });

  it("say what is missing, then why they hold", () => {
    expect(evaluateRule("requirements.performance_defined", base)).toEqual({
      satisfied: false,
      reason: "Set a p95 latency target and a throughput target in the requirements.",
    });
    expect(
      evaluateRule("requirements.performance_defined", { ...base, requirements: req }),
    ).toEqual({ satisfied: true, reason: "p95 ≤ 50 ms at 20 req/s." });
  });

  it("check eval metrics against the quality bar", () => {
    const low = {
      ...base,
      requirements: req,
      version: { ...base.version, evalMetrics: { accuracy: 0.7 } },
    };
    expect(evaluateRule("version.metrics_meet_requirements", low).reason).toBe(
      "accuracy 0.7 misses ≥ 0.8.",
    );
    const ok = { ...low, version: { ...low.version, evalMetrics: { accuracy: 0.9 } } };
    expect(evaluateRule("version.metrics_meet_requirements", ok).satisfied).toBe(true);
  });

  it("accept a chosen target only when it fits, naming why not", () => {
    const cloud = { name: "AWS prod", memoryMb: 16384, gpu: null, complianceTags: ["gdpr"] };
    const secure = {
      name: "DC1",
      memoryMb: 16384,
      gpu: null,
      complianceTags: ["gdpr", "regulated"],
    };
    const r1 = evaluateRule("environment.fitting_target", {
      ...base,
      requirements: req,
      chosenTargets: [cloud],
    });
    expect(r1.satisfied).toBe(false);
    expect(r1.reason).toMatch(/AWS prod does not fit: handles regulated data/);
    expect(
      evaluateRule("environment.fitting_target", {
        ...base,
        requirements: req,
        chosenTargets: [cloud, secure],
      }),
    ).toEqual({ satisfied: true, reason: "DC1 fits the requirements." });
  });

  it("answers an unknown rule as unsatisfied rather than throwing", () => {
    expect(evaluateRule("nope.nothing", base).satisfied).toBe(false);
  });
});
