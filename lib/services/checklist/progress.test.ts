import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  approveAsShown,
  makeTarget,
  makeUser,
  promotableVersion,
  uid,
} from "@/lib/testing/fixtures";
import { modelListQuery } from "@/lib/schemas/models";
import { createRule, deleteRule, updateRule } from "../alerts/rules";
import { actorOf } from "../audit";
import { putReference } from "../reference";
import { createModel, listModels, putRequirements } from "../models";
import { cancelPromotion, requestPromotion } from "../promotions/requests";
import { updateTarget } from "../targets";
import { registerVersion, updateVersion } from "../versions";
import { checklistProgress } from "./evidence";
import { getChecklist, updateItem } from "./items";
import { refreshProgress } from "./progress";

// The progress stored on each version (what the inventory shows) must equal a fresh count,
// evidence included, after every kind of change that moves it.

/** Stored and freshly counted progress agree; returns the count. */
async function expectCurrent(versionId: string) {
  const stored = await db.modelVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { checklistDone: true, checklistTotal: true },
  });
  const fresh = (await checklistProgress([versionId])).get(versionId) ?? { done: 0, total: 0 };
  expect({ done: stored.checklistDone, total: stored.checklistTotal }).toEqual(fresh);
  return fresh;
}

const items = async (versionId: string) =>
  (await getChecklist(versionId)).stages.flatMap((s) => s.items);

async function newVersion() {
  const editor = await makeUser("editor");
  const slug = uid("pg");
  await createModel(actorOf(editor), { slug, name: `Progress ${slug}` });
  const v = await registerVersion(actorOf(editor), slug, { artifactUri: `s3://b/${slug}/1` });
  return { editor, actor: actorOf(editor), slug, versionId: v.id };
}

describe("stored checklist progress (PostgreSQL)", () => {
  it("a new version starts counted; ticks, unticks and waivers move it", async () => {
    const { editor, versionId } = await newVersion();
    const start = await expectCurrent(versionId);
    expect(start.total).toBeGreaterThan(0);

    const manual = (await items(versionId)).find((i) => !i.evidenceRule)!;
    const ticked = await updateItem(editor, { versionId, itemId: manual.id }, { checked: true });
    expect((await expectCurrent(versionId)).done).toBe(start.done + 1);
    await updateItem(
      editor,
      { versionId, itemId: manual.id, ifMatch: ticked.updatedAt },
      { checked: false },
    );
    expect((await expectCurrent(versionId)).done).toBe(start.done);

    const approver = await makeUser("approver");
    const evidence = (await items(versionId)).find((i) => i.evidenceRule && !i.done)!;
    await updateItem(
      approver,
      { versionId, itemId: evidence.id },
      { waived: true, waiverReason: "covered elsewhere" },
    );
    expect((await expectCurrent(versionId)).done).toBe(start.done + 1);
  });

  it("a team ticking many items at once: none of the ticks is lost from the count", async () => {
    const { editor, versionId } = await newVersion();
    const start = await expectCurrent(versionId);
    const manual = (await items(versionId)).filter((i) => !i.evidenceRule).slice(0, 6);
    await Promise.all(
      manual.map((i) => updateItem(editor, { versionId, itemId: i.id }, { checked: true })),
    );
    expect((await expectCurrent(versionId)).done).toBe(start.done + manual.length);
  });

  it("evidence: requirements, version fields and reference data", async () => {
    const { actor, slug, versionId } = await newVersion();
    const start = await expectCurrent(versionId);

    await putRequirements(actor, slug, {
      memoryMb: 512,
      latencyP95Ms: 80,
      throughputRps: 50,
      minMetricName: "accuracy",
      minMetricValue: 0.9,
      dataSensitivity: "internal",
    });
    const withRequirements = await expectCurrent(versionId);
    expect(withRequirements.done).toBeGreaterThan(start.done);

    await updateVersion(actor, slug, 1, {
      evalMetrics: { accuracy: 0.95 },
      modelCard: "A model card long enough to count as one: intended use, limits, data.",
    });
    const withCard = await expectCurrent(versionId);
    expect(withCard.done).toBe(withRequirements.done + 2);

    await putReference(actor, { slug, n: 1 }, { rows: [{ a: 1 }, { a: 2 }, { a: 3 }] });
    expect((await expectCurrent(versionId)).done).toBe(withCard.done + 1);

    // Requirements the metrics no longer meet take the evidence back.
    await putRequirements(actor, slug, {
      memoryMb: 512,
      latencyP95Ms: 80,
      throughputRps: 50,
      minMetricName: "accuracy",
      minMetricValue: 0.99,
      dataSensitivity: "internal",
    });
    expect((await expectCurrent(versionId)).done).toBe(withCard.done);
  });

  it("alert rules added, disabled and removed", async () => {
    const { actor, slug, versionId } = await newVersion();
    const start = await expectCurrent(versionId);
    const rule = await createRule(actor, {
      name: "errors",
      scope: { model: slug },
      kind: "metric",
      metric: "error_rate",
      aggregation: "avg",
      comparator: ">",
      threshold: 0.05,
      windowSeconds: 300,
      forSeconds: 60,
      severity: "warning",
      enabled: true,
    });
    expect((await expectCurrent(versionId)).done).toBe(start.done + 1);
    await updateRule(actor, rule.id, { enabled: false });
    expect((await expectCurrent(versionId)).done).toBe(start.done);
    await updateRule(actor, rule.id, { enabled: true });
    expect((await expectCurrent(versionId)).done).toBe(start.done + 1);
    await deleteRule(actor, rule.id);
    expect((await expectCurrent(versionId)).done).toBe(start.done);
  });

  it("targets: a promotion requested and cancelled, a target changed, a deployment made", async () => {
    const { editor, slug, versionId } = await promotableVersion();
    // The fixture waives the gated items; this one must count from its evidence here (optional,
    // so the promotion gate does not wait for it).
    await db.checklistItem.updateMany({
      where: { versionId, evidenceRule: "environment.fitting_target" },
      data: { waived: false, waiverReason: null, required: false },
    });
    await refreshProgress(db, { versionIds: [versionId] });
    const start = await expectCurrent(versionId);
    const admin = await makeUser("admin");
    const target = await makeTarget("production", 1, { memoryMb: 4096 });

    const pending = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "r" });
    const chosen = await expectCurrent(versionId);
    expect(chosen.done).toBeGreaterThan(start.done);

    await updateTarget(admin, target.slug, { hardware: { memoryMb: 128 } });
    expect((await expectCurrent(versionId)).done).toBe(chosen.done - 1);
    await updateTarget(admin, target.slug, { hardware: { memoryMb: 4096 } });
    expect((await expectCurrent(versionId)).done).toBe(chosen.done);

    await cancelPromotion(editor, pending.id);
    expect((await expectCurrent(versionId)).done).toBe(start.done);

    const approver = await makeUser("approver");
    const again = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "r2" });
    await approveAsShown(approver, again.id);
    expect((await expectCurrent(versionId)).done).toBe(chosen.done);
    expect(await db.deployment.count({ where: { versionId, status: "active" } })).toBe(1);
  });

  it("the inventory shows the stored figures, and counts versions never counted", async () => {
    const { slug, versionId } = await newVersion();
    const counted = await expectCurrent(versionId);
    const row = async () =>
      (await listModels(modelListQuery.parse({ q: slug }))).items.find((m) => m.slug === slug);
    expect((await row())?.checklist).toEqual(counted);

    // As after the migration: figures the SQL backfill could not count.
    await db.modelVersion.update({
      where: { id: versionId },
      data: { checklistDone: null, checklistTotal: null },
    });
    expect((await row())?.checklist).toEqual(counted);
    await expectCurrent(versionId);
  });
});
