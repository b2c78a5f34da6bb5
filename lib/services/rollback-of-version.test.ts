import { describe, expect, it } from "vitest";
import {
  approveAsShown,
  makeTarget,
  makeUser,
  promotableVersion,
  waiveGatedItems,
} from "@/lib/testing/fixtures";
import { actorOf } from "./audit";
import { rollback, rollbackOfVersion } from "./deployments";
import { requestPromotion } from "./promotions/requests";
import { registerVersion } from "./versions";

// An archived version's page says why: the rollback that ended it and what replaced it.

describe("rollbackOfVersion", () => {
  it("names the target, the reason, who rolled back and the deployment that replaced it", async () => {
    const { editor, slug, versionId } = await promotableVersion();
    const target = await makeTarget("production", 1);
    const approver = await makeUser("approver");
    const ship = async (n: number) =>
      (
        await approveAsShown(
          approver,
          (await requestPromotion(editor, slug, n, { target: target.slug, reason: `v${n}` })).id,
        )
      ).deploymentId!;
    await ship(1);
    const v2 = await registerVersion(actorOf(editor), slug, {
      artifactUri: `s3://models/${slug}/2/model.onnx`,
      evalMetrics: { accuracy: 0.97 },
    });
    await waiveGatedItems(v2.id);
    const d2 = await ship(2);
    expect(await rollbackOfVersion(v2.id)).toBeNull();

    const restored = await rollback(approver, d2, "p95 latency doubled");
    expect(await rollbackOfVersion(v2.id)).toMatchObject({
      deploymentId: d2,
      target: { slug: target.slug },
      reason: "p95 latency doubled",
      by: approver.user.name,
      replacedBy: { deploymentId: restored.id, version: 1 },
    });
    expect(await rollbackOfVersion(versionId)).toBeNull();
  });
});
