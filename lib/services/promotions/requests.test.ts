import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pool } from "@/lib/pg";
import { AppError } from "@/lib/errors";
import {
  makeTarget,
  makeUser,
  promotableVersion,
  refusal,
  waiveGatedItems,
} from "@/lib/testing/fixtures";
import { actorOf } from "../audit";
import { getDeployment, rollback, targetAt, targetHistory } from "../deployments";
import { putRequirements } from "../models";
import { registerVersion, updateVersion } from "../versions";
import type { Principal } from "@/lib/permissions";
import {
  approvePromotion,
  cancelPromotion,
  expireStale,
  getPromotion,
  listPromotions,
  rejectPromotion,
  requestPromotion,
  targetFitsFor,
} from "./requests";

/** Vote as an approver would: on the snapshot the request shows now. */
async function approve(p: Principal, id: string, comment?: string) {
  return approvePromotion(p, id, { comment, snapshotHash: (await getPromotion(id)).snapshotHash });
}
async function reject(p: Principal, id: string, comment?: string) {
  return rejectPromotion(p, id, { comment, snapshotHash: (await getPromotion(id)).snapshotHash });
}

describe("promotion policy (PostgreSQL)", () => {
  it("refuses a request whose blocking gates fail, listing them, and stores nothing", async () => {
    const { editor, slug, versionId } = await promotableVersion();
    await db.checklistItem.updateMany({
      where: { versionId, stage: "cicd" },
      data: { waived: false },
    });
    const small = await makeTarget("production", 1, { memoryMb: 256 });
    const err = await refusal(
      requestPromotion(editor, slug, 1, { target: small.slug, reason: "ship it" }),
    );
    expect(err.status).toBe(422);
    const gates = err.options.extra!.gates as {
      name: string;
      passed: boolean;
      blocking: boolean;
      reasons: string[];
    }[];
    const failed = gates.filter((g) => g.blocking && !g.passed).map((g) => g.name);
    expect(failed).toEqual(["checklist", "target_fit"]);
    expect(gates.find((g) => g.name === "target_fit")!.reasons[0]).toContain("512 MB");
    expect(await db.promotionRequest.count({ where: { versionId } })).toBe(0);
  });

  it("needs two distinct approvers on a 2-approval target; never the requester; one vote each", async () => {
    const { editor, slug, versionId } = await promotableVersion();
    const target = await makeTarget("production", 2);
    const [a1, a2] = [await makeUser("approver"), await makeUser("admin")];
    const req = await requestPromotion(editor, slug, 1, {
      target: target.slug,
      reason: "better recall",
    });
    expect(req).toMatchObject({ status: "pending", requiredApprovals: 2, validApprovals: 0 });

    // An approver who requested cannot approve their own request.
    const selfRequester = await makeUser("approver");
    const other = await promotableVersion(selfRequester);
    const own = await requestPromotion(selfRequester, other.slug, 1, {
      target: target.slug,
      reason: "mine",
    });
    expect((await refusal(approve(selfRequester, own.id))).status).toBe(403);

    const after1 = await approve(a1, req.id, "looks good");
    expect(after1).toMatchObject({ status: "pending", validApprovals: 1 });
    expect((await refusal(approve(a1, req.id))).status).toBe(409);
    const after2 = await approve(a2, req.id);
    expect(after2).toMatchObject({ status: "approved", validApprovals: 2 });
    expect(after2.deploymentId).toBeTruthy();
    const deployment = await getDeployment(after2.deploymentId!);
    expect(deployment).toMatchObject({
      status: "active",
      version: 1,
      target: target.slug,
      promotionId: req.id,
    });
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: versionId } })).stage).toBe(
      "production",
    );
    expect((await refusal(reject(a1, req.id, "too late"))).status).toBe(409);

    const events = await db.domainEvent.findMany({
      where: { subjectId: { in: [req.id, deployment.id] } },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => e.type)).toEqual([
      "promotion.requested",
      "deployment.activated",
      "promotion.approved",
    ]);
  });

  it("two approvers at the same instant create exactly one deployment and supersede the previous", async () => {
    const { editor, slug, modelId } = await promotableVersion();
    const target = await makeTarget("production", 1);
    const approvers = [await makeUser("approver"), await makeUser("approver")];
    const first = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "v1" });
    await approve(approvers[0], first.id);
    const v2 = await registerVersion(actorOf(editor), slug, {
      artifactUri: `s3://models/${slug}/2/model.onnx`,
      evalMetrics: { accuracy: 0.96 },
    });
    await waiveGatedItems(v2.id);
    const second = await requestPromotion(editor, slug, 2, { target: target.slug, reason: "v2" });

    const results = await Promise.allSettled(approvers.map((a) => approve(a, second.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as AppError).status).toBe(409);

    const rows = await db.deployment.findMany({
      where: { modelId, targetId: target.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => r.status)).toEqual(["superseded", "active"]);
    expect(rows[1].previousId).toBe(rows[0].id);
    expect(
      await db.modelVersion.findUniqueOrThrow({ where: { id: rows[0].versionId } }),
    ).toMatchObject({ stage: "archived" });
  });

  it("a change to the version after an approval voids that approval and says why", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 2);
    const approver = await makeUser("approver");
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "r" });
    await approve(approver, req.id);
    await updateVersion(actorOf(editor), slug, 1, { evalMetrics: { accuracy: 0.97 } });
    const [after] = (await listPromotions({ model: slug, limit: 5 })).items;
    expect(after.validApprovals).toBe(0);
    expect(after.approvals[0]).toMatchObject({ valid: false, decision: "approve" });
    expect(after.invalidatedReason).toContain("eval metrics");
    expect(after.invalidatedReason).toContain(approver.user.name);
    // The same approver may approve again, pinned to the new snapshot.
    expect(await approve(approver, req.id)).toMatchObject({ validApprovals: 1, status: "pending" });
  });

  it("setting the version's serving image after an approval voids that approval", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 2);
    const approver = await makeUser("approver");
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "r" });
    await approve(approver, req.id);
    await updateVersion(actorOf(editor), slug, 1, { image: "ghcr.io/acme/churn:1.4" });
    const [after] = (await listPromotions({ model: slug, limit: 5 })).items;
    expect(after.validApprovals).toBe(0);
    expect(after.invalidatedReason).toContain("the version's image changed");
  });

  it("a requirement change that fails a gate voids approvals and blocks further approval", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 2);
    const [a1, a2] = [await makeUser("approver"), await makeUser("approver")];
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "r" });
    await approve(a1, req.id);
    await putRequirements(actorOf(editor), slug, {
      minMetricName: "accuracy",
      minMetricValue: 0.99,
    });
    const err = await refusal(approve(a2, req.id));
    expect(err.status).toBe(422);
    const [after] = (await listPromotions({ model: slug, limit: 5 })).items;
    expect(after.validApprovals).toBe(0);
    expect(after.invalidatedReason).toContain("eval_metrics");
  });

  it("deploys at once on a zero-approval staging target, still behind the gates", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("staging", 0);
    const req = await requestPromotion(editor, slug, 1, {
      target: target.slug,
      reason: "smoke test",
    });
    expect(req.status).toBe("approved");
    expect((await getDeployment(req.deploymentId!)).status).toBe("active");
    expect(
      (await refusal(requestPromotion(editor, slug, 1, { target: target.slug, reason: "again" })))
        .status,
    ).toBe(409);
  });

  it("one pending request per version and target; withdrawn by the requester; rejection rejects", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 2);
    const approver = await makeUser("approver");
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "r" });
    expect(
      (await refusal(requestPromotion(editor, slug, 1, { target: target.slug, reason: "r2" })))
        .status,
    ).toBe(409);
    expect((await refusal(cancelPromotion(approver, req.id))).status).toBe(403);
    expect(await cancelPromotion(editor, req.id)).toMatchObject({ status: "cancelled" });
    const again = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "r3" });
    expect((await refusal(reject(editor, again.id, "no"))).status).toBe(403);
    expect(await reject(approver, again.id, "drift on the June data")).toMatchObject({
      status: "rejected",
    });
  });

  it("expires pending requests past their time", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 1);
    const approver = await makeUser("approver");
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "r" });
    await db.promotionRequest.update({
      where: { id: req.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await refusal(approve(approver, req.id))).status).toBe(409);
    expect((await listPromotions({ model: slug, limit: 5 })).items[0].status).toBe("expired");
    expect(
      await db.domainEvent.count({ where: { subjectId: req.id, type: "promotion.expired" } }),
    ).toBe(1);
  });

  it("reads a request past its time as expired without writing it; the housekeeping job writes it", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 1);
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "r" });
    const expiresAt = new Date(Date.now() - 1000);
    await db.promotionRequest.update({ where: { id: req.id }, data: { expiresAt } });
    const expiredEvents = () =>
      db.domainEvent.count({ where: { subjectId: req.id, type: "promotion.expired" } });

    // Hold the row while reading: another test file's expireStale (any promotion write runs
    // one) waits instead of writing it under our feet, and the row shows what reads wrote.
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT id FROM promotion_requests WHERE id = $1 FOR UPDATE", [req.id]);
      expect(await getPromotion(req.id)).toMatchObject({
        status: "expired",
        decidedAt: expiresAt.toISOString(),
      });
      const list = (status?: "pending" | "expired") =>
        listPromotions({ model: slug, status, limit: 5 });
      expect((await list()).items.map((p) => p.status)).toEqual(["expired"]);
      expect((await list("expired")).items.map((p) => p.id)).toEqual([req.id]);
      expect((await list("pending")).items).toEqual([]);
      const fit = (await targetFitsFor(slug, 1)).items.find((f) => f.target === target.slug);
      expect(fit?.pendingPromotionId).toBeNull();
      const { rows } = await client.query("SELECT status FROM promotion_requests WHERE id = $1", [
        req.id,
      ]);
      expect(rows[0].status).toBe("pending");
      expect(await expiredEvents()).toBe(0);
    } finally {
      await client.query("COMMIT");
      client.release();
    }

    await expireStale();
    const row = await db.promotionRequest.findUniqueOrThrow({ where: { id: req.id } });
    expect(row).toMatchObject({ status: "expired", decidedAt: expiresAt });
    expect(await expiredEvents()).toBe(1);
    expect(await getPromotion(req.id)).toMatchObject({
      status: "expired",
      decidedAt: expiresAt.toISOString(),
    });
  });

  it("rolls back to the previous version, and the history answers for before and after", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 1);
    const approver = await makeUser("approver");
    const r1 = await approve(
      approver,
      (await requestPromotion(editor, slug, 1, { target: target.slug, reason: "v1" })).id,
    );
    const v2 = await registerVersion(actorOf(editor), slug, {
      artifactUri: `s3://models/${slug}/2/model.onnx`,
      evalMetrics: { accuracy: 0.97 },
    });
    await waiveGatedItems(v2.id);
    const r2 = await approve(
      approver,
      (await requestPromotion(editor, slug, 2, { target: target.slug, reason: "v2" })).id,
    );
    const beforeRollback = new Date();
    await new Promise((r) => setTimeout(r, 20));

    expect((await refusal(rollback(editor, r2.deploymentId!, "latency regression"))).status).toBe(
      403,
    ); // production needs an approver
    expect((await refusal(rollback(approver, r1.deploymentId!, "old one"))).status).toBe(409); // not the active one
    const restored = await rollback(approver, r2.deploymentId!, "latency regression");
    expect(restored).toMatchObject({
      status: "active",
      version: 1,
      rollbackReason: "latency regression",
    });
    expect(await getDeployment(r2.deploymentId!)).toMatchObject({
      status: "rolled_back",
      endReason: "rolled back: latency regression",
    });
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: v2.id } })).stage).toBe(
      "archived",
    );

    expect((await targetAt(target.slug, beforeRollback)).deployment).toMatchObject({
      id: r2.deploymentId,
      version: 2,
    });
    expect((await targetAt(target.slug, new Date())).deployment).toMatchObject({
      id: restored.id,
      version: 1,
    });
    expect((await targetAt(target.slug, new Date(Date.now() - 86_400_000))).deployment).toBeNull();
    const history = await targetHistory(target.slug, { limit: 10 });
    expect(history.items.map((d) => [d.version, d.status])).toEqual([
      [1, "active"],
      [2, "rolled_back"],
      [1, "superseded"],
    ]);
    // Nothing earlier than v1 ran: a further rollback has nowhere to go.
    expect((await refusal(rollback(approver, restored.id, "again"))).status).toBe(422);
  });
});
