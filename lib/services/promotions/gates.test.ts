import { describe, expect, it } from "vitest";
import type { EvidenceContext } from "../checklist/evidence";
import {
  blockingFailures,
  buildGates,
  buildSnapshot,
  canonicalJson,
  describeChange,
  diffSnapshots,
  snapshotHash,
} from "./gates";

const context = (
  over: Partial<EvidenceContext["requirements"] & object> = {},
  metrics: Record<string, number> = { accuracy: 0.93 },
): EvidenceContext => ({
  requirements: {
    latencyP95Ms: null,
    throughputRps: null,
    memoryMb: 2048,
    gpuRequired: false,
    maxErrorRate: null,
    minMetricName: "accuracy",
    minMetricValue: 0.9,
    dataSensitivity: "internal",
    complianceTags: [],
    ...over,
  },
  version: {
    evalMetrics: metrics,
    optimization: null,
    modelCard: null,
    sha256: null,
    gitCommit: null,
    trainingData: null,
  },
  chosenTargets: [],
  hasReferenceData: false,
  alertRules: 0,
});

const item = (
  key: string,
  stage: "requirements" | "cicd" | "monitoring",
  over: Partial<{
    checked: boolean;
    waived: boolean;
    required: boolean;
    waiverReason: string;
    waivedAt: Date;
    waivedBy: { name: string };
  }> = {},
) => ({
  id: key,
  key,
  stage,
  title: `Item ${key}`,
  required: true,
  checked: false,
  waived: false,
  waiverReason: null,
  note: null,
  evidenceUrl: null,
  evidenceRule: null,
  waivedAt: null,
  waivedBy: null,
  ...over,
});

const target = { id: "t", memoryMb: 4096, gpu: null, complianceTags: [] };

describe("promotion gates (pure)", () => {
  it("passes when every blocking condition holds; monitoring is advisory", () => {
    const gates = buildGates({
      context: context(),
      items: [
        item("a", "requirements", { checked: true }),
        item("b", "cicd", { waived: true }),
        item("m", "monitoring"),
      ],
      target,
      criticalAlerts: [],
    });
    expect(gates.map((g) => [g.name, g.passed, g.blocking])).toEqual([
      ["checklist", true, true],
      ["eval_metrics", true, true],
      ["target_fit", true, true],
      ["no_critical_alerts", true, true],
      ["monitoring_plan", false, false],
    ]);
    expect(blockingFailures(gates)).toEqual([]);
  });

  it("lists each open item, failing metric, misfit and unresolved critical alert as a reason", () => {
    const gates = buildGates({
      context: context({ gpuRequired: true }, { accuracy: 0.8 }),
      items: [item("a", "requirements"), item("b", "cicd", { required: false })],
      target,
      criticalAlerts: [
        {
          ...{ rule: "p95 latency", deploymentId: "d1", target: "prod-eu", targetId: "t1" },
          ...{ state: "acknowledged" as const, silencedUntil: null },
        },
      ],
    });
    const byName = Object.fromEntries(gates.map((g) => [g.name, g]));
    expect(byName.checklist.reasons).toEqual(["Requirements: Item a"]);
    expect(byName.eval_metrics.reasons).toEqual(["accuracy is 0.8; needs >= 0.9"]);
    expect(byName.target_fit.reasons).toEqual(["needs a GPU; the target has none"]);
    expect(byName.no_critical_alerts.reasons).toEqual(["“p95 latency” is acknowledged on prod-eu"]);
    expect(blockingFailures(gates).map((g) => g.name)).toEqual([
      "checklist",
      "eval_metrics",
      "target_fit",
      "no_critical_alerts",
    ]);
  });

  it("on a gitops target, blocks a version whose manifest cannot be made; record-only targets have no such gate", () => {
    const base = { context: context(), items: [], target, criticalAlerts: [] };
    expect(buildGates(base).map((g) => g.name)).not.toContain("deliverable");
    const problem = "version 1 has no image: a Kubernetes Deployment needs one";
    const blocked = buildGates({ ...base, delivery: { format: "kubernetes", problem } });
    expect(blocked.find((g) => g.name === "deliverable")).toEqual({
      name: "deliverable",
      title: "The target's deployment repository can take this version",
      passed: false,
      blocking: true,
      detail: `No Deployment and Service manifest can be made: ${problem}.`,
      reasons: [problem],
    });
    expect(blockingFailures(blocked).map((g) => g.name)).toContain("deliverable");
    const fine = buildGates({ ...base, delivery: { format: "kserve", problem: null } });
    expect(fine.find((g) => g.name === "deliverable")).toMatchObject({ passed: true, reasons: [] });
  });

  it("fails the metrics gate when the model has no quality bar", () => {
    const gates = buildGates({
      context: { ...context(), requirements: null },
      items: [],
      target,
      criticalAlerts: [],
    });
    expect(gates.find((g) => g.name === "eval_metrics")).toMatchObject({
      passed: false,
      reasons: ["Set the model's requirements."],
    });
  });
});

describe("snapshots (pure)", () => {
  const version = {
    artifactUri: "s3://b/m",
    evalMetrics: { f1: 0.8, accuracy: 0.9 },
    sizeBytes: BigInt(10),
    modelCard: "# Card",
  };
  const gates = buildGates({ context: context(), items: [], target, criticalAlerts: [] });
  const none = { requirements: null, replaces: null };

  it("hash the same content the same way whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      '{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}',
    );
    const a = buildSnapshot(version, [item("x", "cicd")], gates, none);
    const b = buildSnapshot(
      { ...version, evalMetrics: { accuracy: 0.9, f1: 0.8 } },
      [item("x", "cicd")],
      gates,
      none,
    );
    expect(snapshotHash(a)).toBe(snapshotHash(b));
  });

  it("describe what changed in words", () => {
    const before = buildSnapshot(version, [item("x", "cicd")], gates, none);
    const failing = gates.map((g) => (g.name === "target_fit" ? { ...g, passed: false } : g));
    const after = buildSnapshot(
      { ...version, modelCard: "# New", evalMetrics: { accuracy: 0.91 } },
      [item("x", "cicd", { checked: true })],
      failing,
      none,
    );
    expect(snapshotHash(after)).not.toBe(snapshotHash(before));
    expect(describeChange(before, after)).toEqual([
      "the version's eval metrics, model card changed",
      "checklist item “Item x” changed",
      "the gate “target_fit” now fails",
    ]);
    expect(describeChange(before, before)).toEqual([]);
  });

  it("cover the requirements and what the request would replace, and diff them field by field", () => {
    const reqs = { minMetricName: "accuracy", minMetricValue: 0.8, latencyP95Ms: 200 };
    const before = buildSnapshot(version, [], gates, { requirements: reqs, replaces: 1 });
    const looser = buildSnapshot(version, [], gates, {
      requirements: { ...reqs, minMetricValue: 0.1, latencyP95Ms: 100_000 },
      replaces: 2,
    });
    expect(snapshotHash(looser)).not.toBe(snapshotHash(before));
    expect(describeChange(before, looser)).toEqual([
      "the model's requirements changed (latencyP95Ms 200 → 100000, minMetricValue 0.8 → 0.1)",
      "the target now runs version 2 (was 1), which this request would replace",
    ]);
    expect(diffSnapshots(before, looser)).toEqual([
      { path: "replaces", before: 1, after: 2 },
      { path: "requirements.latencyP95Ms", before: 200, after: 100_000 },
      { path: "requirements.minMetricValue", before: 0.8, after: 0.1 },
    ]);
  });

  it("change when the serving image is set or changes, and say so", () => {
    const before = buildSnapshot(version, [item("x", "cicd")], gates, none);
    const image = "ghcr.io/acme/churn:1.4";
    const withImage = buildSnapshot({ ...version, image }, [item("x", "cicd")], gates, none);
    expect(snapshotHash(withImage)).not.toBe(snapshotHash(before));
    expect(describeChange(before, withImage)).toEqual(["the version's image changed"]);
    expect(diffSnapshots(before, withImage)).toEqual([
      { path: "version.image", before: null, after: image },
    ]);
    const retagged = buildSnapshot(
      { ...version, image: `${image}.1` },
      [item("x", "cicd")],
      gates,
      none,
    );
    expect(snapshotHash(retagged)).not.toBe(snapshotHash(withImage));
    expect(describeChange(withImage, retagged)).toEqual(["the version's image changed"]);
  });

  it("leave out an empty image, so requests pinned before images existed keep their hash", () => {
    const pinned = buildSnapshot(version, [], gates, none);
    expect(pinned.version).not.toHaveProperty("image");
    const noImage = buildSnapshot({ ...version, image: null }, [], gates, none);
    expect(snapshotHash(noImage)).toBe(snapshotHash(pinned));
    expect(describeChange(pinned, noImage)).toEqual([]);
  });

  it("change when only a gate's words change (the gates shown are never stale)", () => {
    const reworded = gates.map((g) =>
      g.name === "eval_metrics" ? { ...g, detail: "accuracy 0.95 >= 0.1" } : g,
    );
    expect(snapshotHash(buildSnapshot(version, [], reworded, none))).not.toBe(
      snapshotHash(buildSnapshot(version, [], gates, none)),
    );
  });

  it("name each waiver in the checklist gate: who, why and when", () => {
    const at = new Date("2026-11-29T10:00:00Z");
    const [checklist] = buildGates({
      context: context(),
      items: [
        item("a", "requirements", {
          waived: true,
          waiverReason: "Load test replaced by canary data",
          waivedAt: at,
          waivedBy: { name: "Rita" },
        }),
      ],
      target,
      criticalAlerts: [],
    });
    expect(checklist.waivers).toEqual([
      {
        item: "Requirements: Item a",
        by: "Rita",
        reason: "Load test replaced by canary data",
        at: at.toISOString(),
      },
    ]);
    expect(checklist.detail).toContain("1 of them is waived");
  });
});
