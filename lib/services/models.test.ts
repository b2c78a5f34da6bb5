import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { modelListQuery } from "@/lib/schemas/models";
import { makeTarget, makeUser, promotableVersion, uid } from "@/lib/testing/fixtures";
import { actorOf } from "./audit";
import {
  archiveModel,
  createModel,
  getModel,
  listModels,
  runningCounts,
  updateModel,
} from "./models";
import { registerVersion } from "./versions";

describe("models service (PostgreSQL)", () => {
  it("creates a model and its audit event in one transaction", async () => {
    const editor = await makeUser("editor");
    const slug = uid("svc");
    const model = await createModel(actorOf(editor), { slug, name: "Svc", tags: ["A", "a", "b"] });
    expect(model.tags).toEqual(["a", "b"]);
    expect(model.owner?.id).toBe(editor.user.id);
    const events = await db.auditEvent.findMany({ where: { entityId: model.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "model.create",
      actorId: editor.user.id,
      actorLabel: editor.user.email,
    });
  });

  it("refuses a duplicate slug with a conflict and writes no second audit event", async () => {
    const editor = await makeUser("editor");
    const slug = uid("dup");
    await createModel(actorOf(editor), { slug, name: "One" });
    await expect(createModel(actorOf(editor), { slug, name: "Two" })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(
      await db.auditEvent.count({
        where: { action: "model.create", after: { path: ["slug"], equals: slug } },
      }),
    ).toBe(1);
  });

  it("records before and after on edit, and archives", async () => {
    const editor = await makeUser("editor");
    const slug = uid("edit");
    const m = await createModel(actorOf(editor), { slug, name: "Before" });
    await updateModel(actorOf(editor), slug, { name: "After" });
    await archiveModel(actorOf(editor), slug);
    expect((await getModel(slug)).archived).toBe(true);
    const events = await db.auditEvent.findMany({
      where: { entityId: m.id },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => e.action)).toEqual(["model.create", "model.update", "model.archive"]);
    expect((events[1].before as { name: string }).name).toBe("Before");
    expect((events[1].after as { name: string }).name).toBe("After");
  });

  it("finds by search text and tag, and pages by keyset without repeats", async () => {
    const editor = await makeUser("editor");
    const tag = uid("tag").toLowerCase();
    for (let i = 0; i < 5; i++)
      await createModel(actorOf(editor), { slug: uid(`pg${i}`), name: `Pager ${i}`, tags: [tag] });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listModels(
        modelListQuery.parse({ tag, limit: "2", sort: "name", cursor }),
      );
      seen.push(...page.items.map((m) => m.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["Pager 0", "Pager 1", "Pager 2", "Pager 3", "Pager 4"]);
    const hit = await listModels(modelListQuery.parse({ q: "pager 3", tag }));
    expect(hit.items.map((m) => m.name)).toEqual(["Pager 3"]);
  });

  it("answers not_found for an unknown slug", async () => {
    await expect(getModel(uid("missing"))).rejects.toBeInstanceOf(AppError);
  });
});

describe("the audit table", () => {
  it("is append-only: the database refuses UPDATE and DELETE", async () => {
    const editor = await makeUser("editor");
    const m = await createModel(actorOf(editor), { slug: uid("ao"), name: "Append only" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityId: m.id } });
    await expect(
      db.auditEvent.update({ where: { id: event.id }, data: { action: "forged" } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
  });

  it("finds where a model runs apart from its newest version's stage: v1 in production, v2 in development", async () => {
    const { slug, editor, versionId, modelId } = await promotableVersion();
    const target = await makeTarget("production", 1);
    await db.deployment.create({
      data: { modelId, versionId, targetId: target.id, status: "active", activatedAt: new Date() },
    });
    await registerVersion(actorOf(editor), slug, {
      artifactUri: `s3://models/${slug}/2/model.onnx`,
    });

    const base = modelListQuery.parse({ q: slug });
    expect((await listModels({ ...base, stage: "production" })).items).toEqual([]);
    expect(
      (await listModels({ ...base, runningIn: "production" })).items.map((m) => m.slug),
    ).toEqual([slug]);
    expect((await listModels({ ...base, runningIn: "staging" })).items).toEqual([]);
    expect((await runningCounts()).production).toBeGreaterThanOrEqual(1);
    expect(modelListQuery.safeParse({ runningIn: "lab" }).success).toBe(false);
  });
});
