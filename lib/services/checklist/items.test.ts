import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeUser, uid } from "@/lib/testing/fixtures";
import { actorOf } from "../audit";
import { modelListQuery } from "@/lib/schemas/models";
import { createModel, listModels, putRequirements } from "../models";
import { getVersion, registerVersion } from "../versions";
import { checklistStatus, getChecklist, updateItem } from "./items";
import { createTemplate, removeTemplate } from "./templates";

async function setup() {
  const editor = await makeUser("editor");
  const slug = uid("cl");
  await createModel(actorOf(editor), { slug, name: "Checklist" });
  const v = await registerVersion(actorOf(editor), slug, { artifactUri: `s3://b/${slug}/1` });
  const approver = await makeUser("approver");
  return { actor: actorOf(editor), editor, approver, slug, versionId: v.id };
}

const items = async (versionId: string) =>
  (await getChecklist(versionId)).stages.flatMap((s) => s.items);

describe("checklist items (PostgreSQL)", () => {
  it("ticks an item with who and when, audited", async () => {
    const { editor, versionId } = await setup();
    const item = (await items(versionId)).find((i) => !i.evidenceRule)!;
    const after = await updateItem(
      editor,
      { versionId, itemId: item.id, ifMatch: item.updatedAt },
      { checked: true, note: "done in review" },
    );
    expect(after).toMatchObject({
      checked: true,
      done: true,
      note: "done in review",
      checkedBy: { id: editor.user.id },
    });
    expect(after.updatedAt).not.toBe(item.updatedAt);
    expect(
      await db.auditEvent.count({ where: { entityId: item.id, action: "checklist_item.check" } }),
    ).toBe(1);
  });

  it("answers a stale If-Match with 409 and the current item, changing nothing", async () => {
    const { editor, versionId } = await setup();
    const item = (await items(versionId)).find((i) => !i.evidenceRule)!;
    const first = await updateItem(
      editor,
      { versionId, itemId: item.id, ifMatch: item.updatedAt },
      { checked: true },
    );
    const stale = updateItem(
      editor,
      { versionId, itemId: item.id, ifMatch: item.updatedAt },
      { checked: false, note: "overwrite" },
    );
    await expect(stale).rejects.toMatchObject({
      code: "conflict",
      options: { extra: { current: { checked: true, updatedAt: first.updatedAt } } },
    });
    const now = (await items(versionId)).find((i) => i.id === item.id)!;
    expect(now).toMatchObject({ checked: true, note: null, updatedAt: first.updatedAt });
  });

  it("keeps all of 50 parallel changes to distinct items", async () => {
    const editor = await makeUser("editor");
    const slug = uid("par");
    await createModel(actorOf(editor), { slug, name: "Parallel" });
    // Two versions give 40+ items; use both to reach 50 distinct items.
    const v1 = await registerVersion(actorOf(editor), slug, { artifactUri: "s3://b/1" });
    const v2 = await registerVersion(actorOf(editor), slug, { artifactUri: "s3://b/2" });
    const v3 = await registerVersion(actorOf(editor), slug, { artifactUri: "s3://b/3" });
    const all = [
      ...(await items(v1.id)).map((i) => ({ v: v1.id, i })),
      ...(await items(v2.id)).map((i) => ({ v: v2.id, i })),
      ...(await items(v3.id)).map((i) => ({ v: v3.id, i })),
    ].slice(0, 50);
    expect(all).toHaveLength(50);
    await Promise.all(
      all.map(({ v, i }) =>
        updateItem(
          editor,
          { versionId: v, itemId: i.id, ifMatch: i.updatedAt },
          { note: `note ${i.id}` },
        ),
      ),
    );
    const notes = await db.checklistItem.findMany({
      where: { id: { in: all.map((a) => a.i.id) } },
      select: { id: true, note: true },
    });
    expect(notes.every((n) => n.note === `note ${n.id}`)).toBe(true);
  });

  it("refuses to tick an evidence item by hand, but lets an editor waive it with a reason", async () => {
    const { editor, approver, versionId } = await setup();
    const item = (await items(versionId)).find(
      (i) => i.evidenceRule === "requirements.performance_defined",
    )!;
    await expect(
      updateItem(editor, { versionId, itemId: item.id }, { checked: true }),
    ).rejects.toMatchObject({
      code: "unprocessable",
    });
    const waived = await updateItem(
      approver,
      { versionId, itemId: item.id },
      {
        waived: true,
        waiverReason: "Batch model, no latency target",
      },
    );
    expect(waived).toMatchObject({
      waived: true,
      done: true,
      waiverReason: "Batch model, no latency target",
      waivedBy: { id: approver.user.id },
    });
    expect(
      await db.auditEvent.count({ where: { entityId: item.id, action: "checklist_item.waive" } }),
    ).toBe(1);
  });

  it("flips an evidence item when the requirements set the targets, and back when removed", async () => {
    const { actor, slug, versionId } = await setup();
    const find = async () =>
      (await items(versionId)).find((i) => i.evidenceRule === "requirements.performance_defined")!;
    expect((await find()).evidence).toMatchObject({ satisfied: false });
    await putRequirements(actor, slug, { latencyP95Ms: 100, throughputRps: 50 });
    expect((await find()).evidence).toEqual({
      satisfied: true,
      reason: "p95 ≤ 100 ms at 50 req/s.",
    });
    await putRequirements(actor, slug, {});
    expect((await find()).evidence).toMatchObject({ satisfied: false });
  });

  it("sees a fitting target, reference data and alert rules from the database", async () => {
    const { actor, slug, versionId } = await setup();
    await putRequirements(actor, slug, { memoryMb: 1024, dataSensitivity: "regulated" });
    const model = await db.model.findUniqueOrThrow({ where: { slug } });
    const evidence = async (rule: string) =>
      (await items(versionId)).find((i) => i.evidenceRule === rule)!.evidence!;
    const cloud = await db.deploymentTarget.create({
      data: {
        slug: uid("cloud"),
        name: "Cloud",
        kind: "cloud",
        provider: "aws",
        environment: "staging",
        memoryMb: 4096,
      },
    });
    await db.deployment.create({
      data: { modelId: model.id, versionId, targetId: cloud.id, status: "active" },
    });
    expect(await evidence("environment.fitting_target")).toEqual({
      satisfied: false,
      reason:
        "Cloud does not fit: handles regulated data; the target does not declare `regulated`.",
    });
    const secure = await db.deploymentTarget.create({
      data: {
        slug: uid("secure"),
        name: "Secure",
        kind: "on_prem",
        provider: "dc",
        environment: "staging",
        memoryMb: 4096,
        complianceTags: ["regulated"],
      },
    });
    await db.deployment.create({
      data: { modelId: model.id, versionId, targetId: secure.id, status: "superseded" },
    });
    expect((await evidence("environment.fitting_target")).satisfied).toBe(true);

    expect((await evidence("monitoring.alert_rules_cover")).satisfied).toBe(false);
    await db.alertRule.create({
      data: {
        name: "p95",
        modelId: model.id,
        kind: "metric",
        metric: "latency_ms",
        threshold: 100,
      },
    });
    expect(await evidence("monitoring.alert_rules_cover")).toEqual({
      satisfied: true,
      reason: "1 enabled alert rule watches this model.",
    });

    expect((await evidence("monitoring.reference_uploaded")).satisfied).toBe(false);
    await db.referenceDataset.create({ data: { versionId, rowCount: 10, profile: {} } });
    expect((await evidence("monitoring.reference_uploaded")).satisfied).toBe(true);
  });

  it("counts evidence the same way in the inventory, the version and the checklist", async () => {
    const { actor, slug, versionId } = await setup();
    await putRequirements(actor, slug, { latencyP95Ms: 100, throughputRps: 50, memoryMb: 256 });
    const checklist = await getChecklist(versionId);
    const version = await getVersion(slug, 1);
    const row = (await listModels(modelListQuery.parse({ q: slug }))).items[0];
    expect(checklist.progress.done).toBeGreaterThanOrEqual(3);
    expect(version.checklist).toEqual(checklist.progress);
    expect(row.checklist).toEqual(checklist.progress);
  });

  it("reports the required items missing for promotion gates", async () => {
    const { editor, approver, versionId } = await setup();
    let status = await checklistStatus(versionId, ["requirements"]);
    expect(status.complete).toBe(false);
    for (const item of (await items(versionId)).filter(
      (i) => i.stage === "requirements" && i.required,
    )) {
      if (item.evidenceRule)
        await updateItem(
          approver,
          { versionId, itemId: item.id },
          {
            waived: true,
            waiverReason: "covered elsewhere by the platform team",
          },
        );
      else await updateItem(editor, { versionId, itemId: item.id }, { checked: true });
    }
    status = await checklistStatus(versionId, ["requirements"]);
    expect(status).toMatchObject({
      complete: true,
      stages: [{ stage: "requirements", missing: [] }],
    });
    expect((await checklistStatus(versionId, ["requirements", "cicd"])).complete).toBe(false);
  });
});

describe("checklist templates (PostgreSQL)", () => {
  it("affect only versions registered after the edit", async () => {
    const admin = await makeUser("admin");
    const editor = await makeUser("editor");
    const slug = uid("tpl");
    await createModel(actorOf(editor), { slug, name: "Templates" });
    const before = await registerVersion(actorOf(editor), slug, { artifactUri: "s3://b/1" });
    const t = await createTemplate(actorOf(admin), {
      stage: "cicd",
      title: `Canary release ${uid()}`,
      required: false,
    });
    try {
      const after = await registerVersion(actorOf(editor), slug, { artifactUri: "s3://b/2" });
      expect((await items(before.id)).some((i) => i.key === t.key)).toBe(false);
      expect((await items(after.id)).some((i) => i.key === t.key)).toBe(true);
    } finally {
      await removeTemplate(actorOf(admin), t.id);
    }
    const later = await registerVersion(actorOf(editor), slug, { artifactUri: "s3://b/3" });
    expect((await items(later.id)).some((i) => i.key === t.key)).toBe(false);
  });
});
