import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { rolloutPlan } from "@/lib/schemas/rollouts";
import {
  approveAsShown,
  makeTarget,
  makeUser,
  promotableVersion,
  waiveGatedItems,
} from "@/lib/testing/fixtures";
import { actorOf } from "../audit";
import { updateVersion, registerVersion } from "../versions";
import { promotionChanges } from "./changes";
import { requestPromotion } from "./requests";

// What an approver sees before approving: the request against what runs on the target, and
// the manifest commit a gitops target would get, diffed against the last one committed.

async function gitopsTarget() {
  const target = await makeTarget("production", 1);
  return db.deploymentTarget.update({
    where: { id: target.id },
    data: {
      delivery: {
        kind: "gitops",
        repoUrl: "https://git.example.com/platform/deploy.git",
        branch: "main",
        path: "models/{target}/{model}.yaml",
        format: "kserve",
        namespace: "ml",
        credentialsEnv: null,
      },
    },
  });
}

describe("what a promotion changes", () => {
  it("compares metrics, size, artifact and image with the running version, and diffs the manifest", async () => {
    const f = await promotableVersion();
    const target = await gitopsTarget();
    const approver = await makeUser("approver");
    await updateVersion(actorOf(f.editor), f.slug, 1, { format: "onnx" });
    const first = await requestPromotion(f.editor, f.slug, 1, {
      target: target.slug,
      reason: "v1",
    });

    // Nothing runs yet: every field is new, the whole manifest is added.
    const before = await promotionChanges(first.id);
    expect(before.replaces).toBeNull();
    expect(before.fields.find((r) => r.name === "accuracy")).toMatchObject({
      current: null,
      proposed: 0.95,
      changed: true,
    });
    expect(before.manifest!.path).toBe(`models/${target.slug}/${f.slug}.yaml`);
    expect(before.manifest!.lines.every((l) => l.op === "+")).toBe(true);
    expect(before.manifest!.lines.map((l) => l.text)).toContain(
      `      storageUri: s3://models/${f.slug}/1/model.onnx`,
    );

    const d1 = (await approveAsShown(approver, first.id)).deploymentId!;
    // The delivery the approval queued is what the repository holds once committed.
    await db.delivery.updateMany({ where: { deploymentId: d1 }, data: { state: "committed" } });

    const v2 = await registerVersion(actorOf(f.editor), f.slug, {
      artifactUri: `s3://models/${f.slug}/2/model.onnx`,
      format: "onnx",
      image: "registry.example.com/ml/serve@sha256:" + "a".repeat(64),
      evalMetrics: { accuracy: 0.97 },
    });
    await waiveGatedItems(v2.id);
    const second = await requestPromotion(f.editor, f.slug, 2, {
      target: target.slug,
      reason: "v2 as a canary",
      rollout: rolloutPlan.parse({ strategy: "canary", steps: [{ percent: 25, minutes: 10 }] }),
    });
    const c = await promotionChanges(second.id);
    expect(c.replaces).toMatchObject({ version: 1, deploymentId: d1 });
    expect(c.fields.find((r) => r.name === "accuracy")).toMatchObject({
      current: 0.95,
      proposed: 0.97,
      changed: true,
    });
    expect(c.fields.find((r) => r.name === "format")).toMatchObject({ changed: false });
    expect(c.fields.find((r) => r.name === "image")).toMatchObject({
      current: null,
      changed: true,
    });
    const removed = c.manifest!.lines.filter((l) => l.op === "-").map((l) => l.text.trim());
    const added = c.manifest!.lines.filter((l) => l.op === "+").map((l) => l.text.trim());
    expect(removed).toContain(`storageUri: s3://models/${f.slug}/1/model.onnx`);
    expect(added).toContain(`storageUri: s3://models/${f.slug}/2/model.onnx`);
    // The first canary step is what the approval commits.
    expect(added).toContain("canaryTrafficPercent: 25");
    // Lines both share stay as context.
    expect(c.manifest!.lines.some((l) => l.op === " " && l.text.includes("InferenceService"))).toBe(
      true,
    );
  });

  it("a record-only target has no manifest", async () => {
    const f = await promotableVersion();
    const target = await makeTarget("staging", 1);
    const p = await requestPromotion(f.editor, f.slug, 1, { target: target.slug, reason: "v1" });
    expect((await promotionChanges(p.id)).manifest).toBeNull();
  });
});
