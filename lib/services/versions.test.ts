import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { versionCreate, versionCreateFor, versionUpdate } from "@/lib/schemas/versions";
import { makeUser, uid } from "@/lib/testing/fixtures";
import { actorOf } from "./audit";
import { createModel, getModel, putRequirements } from "./models";
import {
  compareVersions,
  getVersion,
  listVersions,
  registerVersion,
  updateVersion,
} from "./versions";

async function freshModel() {
  const editor = await makeUser("editor");
  const slug = uid("v");
  await createModel(actorOf(editor), { slug, name: "Versions" });
  return { actor: actorOf(editor), slug };
}

describe("versions service (PostgreSQL)", () => {
  it("numbers 20 concurrent registrations 1..20 with no gap and no duplicate", async () => {
    const { actor, slug } = await freshModel();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        registerVersion(actor, slug, { artifactUri: `s3://bucket/${slug}/${i}/model.onnx` }),
      ),
    );
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const model = await getModel(slug);
    expect(model.latestVersion).toEqual({ version: 20, stage: "development" });
    expect(
      await db.auditEvent.count({
        where: { action: "model_version.create", entityId: { in: results.map((r) => r.id) } },
      }),
    ).toBe(20);
  });

  it("copies the current checklist templates into a new version", async () => {
    const { actor, slug } = await freshModel();
    await db.checklistTemplate.upsert({
      where: { key: "test.copied" },
      create: { stage: "requirements", key: "test.copied", title: "Copied", position: 99 },
      update: { active: true },
    });
    const v = await registerVersion(actor, slug, { artifactUri: "gs://b/m/1" });
    const items = await db.checklistItem.findMany({ where: { versionId: v.id } });
    expect(items.some((i) => i.key === "test.copied")).toBe(true);
    expect((await getVersion(slug, 1)).checklist.total).toBe(items.length);
  });

  it("checks eval metrics against the requirements, and merges reported metrics", async () => {
    const { actor, slug } = await freshModel();
    await putRequirements(actor, slug, { minMetricName: "accuracy", minMetricValue: 0.9 });
    await registerVersion(actor, slug, {
      artifactUri: "hf://org/model@v1",
      evalMetrics: { accuracy: 0.85, f1: 0.8 },
    });
    expect((await getVersion(slug, 1)).requirementChecks).toEqual([
      { name: "accuracy", rule: ">=", target: 0.9, actual: 0.85, passed: false },
    ]);
    const after = await updateVersion(actor, slug, 1, { evalMetrics: { accuracy: 0.93 } });
    expect(after.evalMetrics).toEqual({ accuracy: 0.93, f1: 0.8 });
    expect(after.requirementChecks[0].passed).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityId: after.id, action: "model_version.metrics" },
    });
    expect((event.before as { evalMetrics: { accuracy: number } }).evalMetrics.accuracy).toBe(0.85);
  });

  it("stores the serving image at registration, shows it, and edits or clears it with an audit", async () => {
    const { actor, slug } = await freshModel();
    const image = `ghcr.io/acme/churn:1.4@sha256:${"ab".repeat(32)}`;
    const v = await registerVersion(actor, slug, { artifactUri: "s3://b/k", image });
    expect(v.image).toBe(image);
    expect((await getVersion(slug, 1)).image).toBe(image);
    expect((await listVersions(slug, { limit: 5 })).items[0].image).toBe(image);
    const edited = await updateVersion(actor, slug, 1, { image: "ghcr.io/acme/churn:1.5" });
    expect(edited.image).toBe("ghcr.io/acme/churn:1.5");
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityId: v.id, action: "model_version.update" },
    });
    expect(event.before).toMatchObject({ image });
    expect(event.after).toMatchObject({ image: "ghcr.io/acme/churn:1.5" });
    expect((await updateVersion(actor, slug, 1, { image: null })).image).toBeNull();
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: v.id } })).image).toBeNull();
    // A version registered without one has none.
    expect((await registerVersion(actor, slug, { artifactUri: "s3://b/k2" })).image).toBeNull();
  });

  it("refuses registration on an archived model and an unknown model", async () => {
    const { actor, slug } = await freshModel();
    await db.model.update({ where: { slug }, data: { archived: true } });
    await expect(registerVersion(actor, slug, { artifactUri: "s3://b/k" })).rejects.toMatchObject({
      code: "unprocessable",
    });
    await expect(
      registerVersion(actor, uid("nope"), { artifactUri: "s3://b/k" }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("compares versions with deltas against the first asked for", async () => {
    const { actor, slug } = await freshModel();
    await registerVersion(actor, slug, {
      artifactUri: "s3://b/1",
      evalMetrics: { accuracy: 0.8, loss: 0.5 },
    });
    await registerVersion(actor, slug, {
      artifactUri: "s3://b/2",
      evalMetrics: { accuracy: 0.88 },
    });
    const c = await compareVersions(slug, [2, 1]);
    expect(c.versions.map((v) => v.version)).toEqual([2, 1]);
    const acc = c.metrics.find((m) => m.name === "accuracy")!;
    expect(acc.values[0]).toMatchObject({ version: 2, value: 0.88, delta: null });
    expect(acc.values[1].delta).toBeCloseTo(-0.08, 10);
    expect(acc.values[1].deltaPct).toBeCloseTo(-9.0909, 3);
    const loss = c.metrics.find((m) => m.name === "loss")!;
    expect(loss.values.map((v) => v.value)).toEqual([null, 0.5]);
    await expect(compareVersions(slug, [1, 7])).rejects.toMatchObject({ code: "not_found" });
  });

  it("lists newest first and pages by version", async () => {
    const { actor, slug } = await freshModel();
    for (let i = 0; i < 3; i++) await registerVersion(actor, slug, { artifactUri: `s3://b/${i}` });
    const first = await listVersions(slug, { limit: 2 });
    expect(first.items.map((v) => v.version)).toEqual([3, 2]);
    const second = await listVersions(slug, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((v) => v.version)).toEqual([1]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("versionCreate validation", () => {
  const accepts = (artifactUri: string) => versionCreate.safeParse({ artifactUri }).success;
  it.each([
    ["s3://bucket/models/churn/7/model.onnx", true],
    ["gs://b/m", true],
    ["azureml://registries/fleet/models/m/versions/1", true],
    ["hf://org/model@v2", true],
    ["https://models.example.com/m/1.tar.gz", true],
    ["ftp://example.com/m", false],
    ["file:///tmp/model.pkl", false],
    ["s3://bucket/../etc/passwd", false],
    ["s3://bucket/a/%2e%2e/b", false],
    ["s3://bucket/a/./b", false],
    ["https://example.com/m#@evil.com/x", false],
    ["https://user:pw@example.com/m", false],
    ["s3://bucket/a\nb", false],
    ["s3://bucket/a%00b", false],
    ["s3://bucket", false],
    ["javascript:alert(1)", false],
    ["not a uri", false],
  ])("%s → %s", (uri, ok) => {
    expect(accepts(uri)).toBe(ok);
  });

  it("accepts file:// only when the installation allows it", () => {
    const body = { artifactUri: "file:///srv/models/m.pkl" };
    expect(versionCreateFor({ allowFile: true }).safeParse(body).success).toBe(true);
    expect(versionCreateFor({ allowFile: false }).safeParse(body).success).toBe(false);
    const refusal = versionCreateFor({ allowFile: false }).safeParse({ artifactUri: "ftp://x/m" });
    expect(refusal.error?.issues[0].message).toBe(
      'scheme "ftp" is not allowed (use s3, gs, azureml, hf, https, http)',
    );
    const allowed = versionCreateFor({ allowFile: true }).safeParse({ artifactUri: "ftp://x/m" });
    expect(allowed.error?.issues[0].message).toContain("https, http, file)");
  });

  it("takes an OCI image reference, refusing a malformed one with the reason", () => {
    const body = { artifactUri: "s3://b/k" };
    expect(versionCreate.safeParse({ ...body, image: "ghcr.io/acme/churn:1.4" }).success).toBe(
      true,
    );
    const bare = versionCreate.safeParse({ ...body, image: "acme/churn:1.4" });
    expect(bare.error?.issues[0].path).toEqual(["image"]);
    expect(bare.error?.issues[0].message).toMatch(/^must start with a registry host/);
    const digest = versionCreate.safeParse({ ...body, image: "ghcr.io/acme/churn@sha256:abc" });
    expect(digest.error?.issues[0].message).toMatch(/^digest must be sha256:/);
    const long = versionCreate.safeParse({ ...body, image: `ghcr.io/${"a".repeat(600)}` });
    expect(long.error?.issues.map((i) => i.message)).toEqual(["must be at most 512 characters"]);
    expect(versionUpdate.safeParse({ image: null }).success).toBe(true);
    expect(versionUpdate.safeParse({ image: "https://ghcr.io/a/b" }).success).toBe(false);
  });

  it("rejects a bad sha256, non-finite metrics and unknown fields, naming each", () => {
    const r = versionCreate.safeParse({
      artifactUri: "s3://b/k",
      sha256: "abc",
      evalMetrics: { accuracy: Infinity, f1: "0.9", "bad name": 1 },
      extra: true,
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining([
        "sha256",
        "evalMetrics.accuracy",
        "evalMetrics.f1",
        "evalMetrics.bad name",
      ]),
    );
    expect(r.error!.issues.some((i) => i.code === "unrecognized_keys")).toBe(true);
  });
});
