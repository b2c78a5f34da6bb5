import { describe, expect, it } from "vitest";
import { checkRequirements } from "./requirement-checks";

const req = {
  minMetricName: "accuracy",
  minMetricValue: 0.9,
  maxErrorRate: 0.01,
  latencyP95Ms: 50,
};

describe("checkRequirements", () => {
  it("passes a metric at or above the minimum and fails one below", () => {
    expect(checkRequirements(req, { accuracy: 0.9 })[0]).toMatchObject({
      name: "accuracy",
      passed: true,
      actual: 0.9,
    });
    expect(checkRequirements(req, { accuracy: 0.8999 })[0]).toMatchObject({ passed: false });
  });

  it("fails the named minimum when the metric was never reported", () => {
    expect(checkRequirements(req, {})).toEqual([
      { name: "accuracy", rule: ">=", target: 0.9, actual: null, passed: false },
    ]);
  });

  it("checks error rate and latency only when reported, as upper bounds", () => {
    const checks = checkRequirements(req, { accuracy: 0.95, error_rate: 0.02, latency_p95_ms: 40 });
    expect(checks.map((c) => [c.name, c.passed])).toEqual([
      ["accuracy", true],
      ["error_rate", false],
      ["latency_p95_ms", true],
    ]);
  });

  it("has nothing to check without requirements", () => {
    expect(checkRequirements(null, { accuracy: 1 })).toEqual([]);
    expect(
      checkRequirements(
        { minMetricName: null, minMetricValue: null, maxErrorRate: null, latencyP95Ms: null },
        { accuracy: 1 },
      ),
    ).toEqual([]);
  });
});
