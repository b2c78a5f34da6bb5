import { describe, expect, it } from "vitest";
import { editRuleForm, editValues } from "./rule-form";
import type { RuleDto } from "./rules-format";

// The edit form reads its inputs with the API's ruleUpdate and sends only what changed:
// minutes become seconds, hidden fields stay out, and a derived rule changes only its
// severity and whether it is enabled.

const base: RuleDto = {
  id: "r1",
  name: "Slow predictions",
  scope: { model: "churn", target: null, deploymentId: null },
  kind: "metric",
  metric: "latency_ms",
  aggregation: "p95",
  comparator: ">",
  threshold: 250,
  windowSeconds: 300,
  forSeconds: 90,
  severity: "warning",
  enabled: true,
  derived: false,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

const edit = (rule: RuleDto, change: Partial<ReturnType<typeof editValues>>) =>
  editRuleForm(rule).safeParse({ ...editValues(rule), ...change });

describe("edit rule form", () => {
  it("shows seconds as minutes and sends nothing when nothing changed", () => {
    expect(editValues(base)).toMatchObject({ windowSeconds: "5", forSeconds: "1.5" });
    expect(edit(base, {}).data).toEqual({});
  });

  it("sends only the changed fields, minutes as seconds", () => {
    const r = edit(base, { threshold: "300", windowSeconds: "15", name: " Slower " });
    expect(r.data).toEqual({ threshold: 300, windowSeconds: 900, name: "Slower" });
  });

  it("keeps a derived rule to its severity and enabled switch", () => {
    const derived = { ...base, kind: "requirement" as const, derived: true };
    const r = edit(derived, { threshold: "1", severity: "critical", enabled: false });
    expect(r.data).toEqual({ severity: "critical", enabled: false });
  });

  it("leaves out the fields a kind does not have", () => {
    const noData = { ...base, kind: "no_data" as const, threshold: null };
    expect(edit(noData, { comparator: "<", aggregation: "max", threshold: "3" }).data).toEqual({});
  });

  it("refuses a share outside 0 to 1 for drift and data quality", () => {
    const quality = { ...base, kind: "data_quality" as const, threshold: 0.05, metric: null };
    const r = edit(quality, { threshold: "5" });
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["threshold", "a share, 0 to 1"],
    ]);
    expect(edit(quality, { threshold: "0.1" }).data).toEqual({ threshold: 0.1 });
  });

  it("keeps an estimated-performance rule on the model's requirement when left blank", () => {
    const est = { ...base, kind: "estimated_performance" as const, metric: "f1", threshold: null };
    expect(edit(est, { threshold: "" }).data).toEqual({});
    expect(edit(est, { threshold: "0.8", comparator: "<" }).data).toEqual({
      threshold: 0.8,
      comparator: "<",
    });
  });

  it("refuses to blank a threshold that is set, which the API cannot clear", () => {
    const r = edit(base, { threshold: "" });
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["threshold", "is required"],
    ]);
  });

  it("reports the API's bounds on the window", () => {
    const r = edit(base, { windowSeconds: "0.1" });
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["windowSeconds"]);
  });
});
