import { describe, expect, it } from "vitest";
import type { ChecklistDto, ChecklistItemDto } from "@/lib/schemas/checklist";
import { fixOf, openRequired, openWork } from "./readiness-links";

const item = (over: Partial<ChecklistItemDto>): ChecklistItemDto => ({
  id: over.key ?? "x",
  key: "x",
  stage: "requirements",
  title: "X",
  description: "",
  required: true,
  checked: false,
  checkedBy: null,
  checkedAt: null,
  note: null,
  evidenceUrl: null,
  assigneeId: null,
  assignee: null,
  evidenceRule: null,
  evidence: null,
  waived: false,
  waiverReason: null,
  waivedBy: null,
  done: false,
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...over,
});

const checklist = (items: ChecklistItemDto[]): ChecklistDto => ({
  progress: { done: 0, total: items.length },
  stages: (["requirements", "monitoring"] as const).map((stage) => {
    const of = items.filter((i) => i.stage === stage);
    return { stage, title: stage, done: 0, total: of.length, items: of };
  }),
});

describe("what blocks production", () => {
  const list = checklist([
    item({ key: "requirements.integration" }),
    item({ key: "requirements.performance", evidenceRule: "requirements.performance_defined" }),
    item({ key: "requirements.optional", required: false }),
    item({ key: "requirements.done", done: true, checked: true }),
    item({
      key: "monitoring.drift",
      stage: "monitoring",
      evidenceRule: "monitoring.reference_uploaded",
    }),
    item({ key: "monitoring.log", stage: "monitoring" }),
  ]);

  it("sorts open required work into hand-ticked items, missing evidence and monitoring", () => {
    const work = openWork(list);
    expect(work.items.map((i) => i.key)).toEqual(["requirements.integration"]);
    expect(work.evidence.map((i) => i.key)).toEqual([
      "requirements.performance",
      "monitoring.drift",
    ]);
    expect(work.later.map((i) => i.key)).toEqual(["monitoring.log"]);
    // The header counts what the checklist gate counts: required, stages 1–4, not done.
    expect(openRequired(list)).toBe(2);
  });

  it("links each item to where it is fixed", () => {
    expect(fixOf({ key: "a", evidenceRule: "requirements.compute_defined" }, "m", 2).href).toBe(
      "/models/m?edit=requirements",
    );
    expect(fixOf({ key: "a", evidenceRule: "monitoring.reference_uploaded" }, "m", 2).href).toBe(
      "/models/m/versions/2#reference-data",
    );
    expect(
      fixOf({ key: "preparation.card", evidenceRule: "version.model_card_present" }, "m", 2).href,
    ).toBe("/models/m/versions/2?tab=checklist#item-preparation.card");
  });
});
