import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Principal } from "@/lib/permissions";
import {
  makeTarget,
  makeUser,
  promotableVersion,
  refusal,
  uid,
  waiveGatedItems,
} from "@/lib/testing/fixtures";
import { actorOf } from "../audit";
import { getChecklist, updateItem } from "../checklist/items";
import { getDeployment } from "../deployments";
import { putRequirements, updateModel } from "../models";
import { createTarget, updateTarget } from "../targets";
import { principalFromToken, createToken } from "../tokens";
import { updateUser } from "../users";
import { registerVersion, updateVersion } from "../versions";
import { approvePromotion, getPromotion, rejectPromotion, requestPromotion } from "./requests";

// The approval policy tried as a determined editor and a careless approver would: every
// way around it that a review found, each refused at the service where the policy lives.

const current = async (id: string) => (await getPromotion(id)).snapshotHash;
const approve = async (p: Principal, id: string) =>
  approvePromotion(p, id, { snapshotHash: await current(id) });

describe("1. only admins change what a target demands", () => {
  it("an editor cannot create a target, nor lower a production target's bar, nor move its endpoint", async () => {
    const [editor, admin] = [await makeUser("editor"), await makeUser("admin")];
    const slug = uid("t");
    const input = {
      slug,
      name: "Prod",
      kind: "cloud" as const,
      provider: "aws",
      environment: "production" as const,
      endpoint: `https://${slug}.example.com`,
    };
    expect((await refusal(createTarget(editor, input))).status).toBe(403);
    await createTarget(admin, input);
    for (const change of [
      { environment: "staging" as const, requiredApprovals: 0 },
      { requiredApprovals: 0 },
      { complianceTags: ["none"] },
      { endpoint: "https://elsewhere.example.com" },
    ]) {
      expect((await refusal(updateTarget(editor, slug, change))).status).toBe(403);
    }
    // Harmless edits stay open to editors, and an admin's policy change is audited as such.
    expect(await updateTarget(editor, slug, { description: "EKS in eu-west-1" })).toMatchObject({
      description: "EKS in eu-west-1",
    });
    await updateTarget(admin, slug, { requiredApprovals: 2 });
    const row = await db.deploymentTarget.findUniqueOrThrow({ where: { slug } });
    expect(
      await db.auditEvent.count({
        where: { entityId: row.id, action: "deployment_target.policy" },
      }),
    ).toBe(1);
  });

  it("no look-alike copy of production: endpoints are unique, in any spelling", async () => {
    const admin = await makeUser("admin");
    const host = `${uid("ep")}.example.com`;
    const base = {
      name: "T",
      kind: "cloud" as const,
      provider: "aws",
      environment: "staging" as const,
    };
    await createTarget(admin, { ...base, slug: uid("t"), endpoint: `https://${host}/v1` });
    const err = await refusal(
      createTarget(admin, {
        ...base,
        slug: uid("t"),
        endpoint: `HTTPS://${host.toUpperCase()}:443/v1/`,
      }),
    );
    expect(err.status).toBe(400);
    expect(err.options.errors).toEqual([
      { path: "endpoint", message: "another target already has this endpoint" },
    ]);
  });

  it("a target's environment cannot change while a deployment runs on it; requests and deployments keep what they were decided under", async () => {
    const admin = await makeUser("admin");
    const { editor, slug } = await promotableVersion();
    const staging = await makeTarget("staging", 0);
    const req = await requestPromotion(editor, slug, 1, { target: staging.slug, reason: "smoke" });
    expect(req.status).toBe("approved");
    expect(
      (
        await refusal(
          updateTarget(admin, staging.slug, { environment: "production", requiredApprovals: 1 }),
        )
      ).status,
    ).toBe(409);

    const prod = await makeTarget("production", 1);
    const pending = await requestPromotion(editor, slug, 1, { target: prod.slug, reason: "ship" });
    await updateTarget(admin, prod.slug, { requiredApprovals: 3 });
    const d = await getDeployment(req.deploymentId!);
    expect(d).toMatchObject({ environment: "staging", requiredApprovals: 0 });
    expect(await getPromotion(pending.id)).toMatchObject({
      environment: "production",
      requiredApprovals: 1,
    });
  });
});

describe("2. an approval is for exactly what the approver saw", () => {
  it("an edit between looking and clicking: 409 with what changed; the original snapshot stays; every re-pin is kept and announced", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 1);
    const approver = await makeUser("approver");
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "ship" });
    const seen = req.snapshotHash;
    await updateVersion(actorOf(editor), slug, 1, {
      gitCommit: "deadbeef",
      params: { backdoor: true },
      format: "pickle",
      modelCard: "# trust me",
    });

    const err = await refusal(approvePromotion(approver, req.id, { snapshotHash: seen }));
    expect(err.status).toBe(409);
    expect(err.options.extra!.changes).toEqual([
      "the version's format, git commit, params, model card changed",
    ]);
    expect((err.options.extra!.diff as { path: string }[]).map((d) => d.path)).toEqual(
      expect.arrayContaining(["version.params", "version.gitCommit"]),
    );

    const after = await getPromotion(req.id);
    expect(after.status).toBe("pending");
    expect(after.originalSnapshotHash).toBe(seen);
    expect(after.repins).toHaveLength(1);
    expect(after.repins[0]).toMatchObject({
      fromHash: seen,
      toHash: after.snapshotHash,
      by: editor.user.email,
    });
    // Announced even though nobody had voted yet.
    expect(
      await db.domainEvent.count({ where: { subjectId: req.id, type: "promotion.invalidated" } }),
    ).toBe(1);
    const row = await db.promotionRequest.findUniqueOrThrow({ where: { id: req.id } });
    expect((row.originalSnapshot as { version: { params: unknown } }).version.params).toBeNull();

    // Looking again and approving what is there now works.
    expect(
      (await approvePromotion(approver, req.id, { snapshotHash: after.snapshotHash })).status,
    ).toBe("approved");
  });
});

describe("3. approved and running versions are frozen", () => {
  it("a running version's metadata and metrics cannot change, and it cannot be archived while it runs", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 1);
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "ship" });
    await approve(await makeUser("approver"), req.id);
    const actor = actorOf(editor);
    const frozen = await refusal(updateVersion(actor, slug, 1, { evalMetrics: { accuracy: 0.1 } }));
    expect(frozen.status).toBe(409);
    expect(frozen.message).toContain("Register a new version");
    expect((await refusal(updateVersion(actor, slug, 1, { modelCard: "# changed" }))).status).toBe(
      409,
    );
    expect((await refusal(updateVersion(actor, slug, 1, { stage: "archived" }))).status).toBe(409);
    expect(
      (await db.modelVersion.findFirstOrThrow({ where: { model: { slug }, version: 1 } }))
        .evalMetrics,
    ).toEqual({ accuracy: 0.95 });
  });
});

describe("4. approval re-checks that everything still exists", () => {
  it.each([
    [
      "the version",
      async (e: Principal, slug: string) =>
        void (await updateVersion(actorOf(e), slug, 1, { stage: "archived" })),
    ],
    [
      "the model",
      async (e: Principal, slug: string) =>
        void (await updateModel(actorOf(e), slug, { archived: true })),
    ],
  ])(
    "archiving %s cancels its pending requests, with a reason and an event",
    async (_what, archive) => {
      const { editor, slug } = await promotableVersion();
      const target = await makeTarget("production", 1);
      const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "ship" });
      await archive(editor, slug);
      const after = await getPromotion(req.id);
      expect(after.status).toBe("cancelled");
      expect(after.invalidatedReason).toContain("archived");
      expect(
        await db.domainEvent.count({ where: { subjectId: req.id, type: "promotion.cancelled" } }),
      ).toBe(1);
      expect(
        (
          await refusal(
            approvePromotion(await makeUser("approver"), req.id, {
              snapshotHash: after.snapshotHash,
            }),
          )
        ).status,
      ).toBe(409);
    },
  );

  it("archiving the target cancels its pending requests; approving re-checks archived state that slipped past", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 1);
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "ship" });
    await updateTarget(await makeUser("admin"), target.slug, { archived: true });
    expect((await getPromotion(req.id)).status).toBe("cancelled");

    const other = await promotableVersion();
    const t2 = await makeTarget("production", 1);
    const req2 = await requestPromotion(other.editor, other.slug, 1, {
      target: t2.slug,
      reason: "ship",
    });
    await db.model.update({ where: { slug: other.slug }, data: { archived: true } }); // behind the services' back
    expect((await refusal(approve(await makeUser("approver"), req2.id))).status).toBe(422);
  });
});

describe("5. no vote in someone else's name, and no one approves their own work", () => {
  it("a token an admin minted for an approver never votes; the approver's own token does", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 1);
    const [admin, approver] = [await makeUser("admin"), await makeUser("approver")];
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "ship" });
    const minted = await createToken(admin, {
      name: "for-approver",
      scopes: ["read", "promote"],
      userId: approver.user.id,
    });
    const asMinted = (await principalFromToken(minted.token))!;
    expect(
      (await refusal(approvePromotion(asMinted, req.id, { snapshotHash: await current(req.id) })))
        .status,
    ).toBe(403);
    expect(
      (await refusal(rejectPromotion(asMinted, req.id, { snapshotHash: await current(req.id) })))
        .status,
    ).toBe(403);
    const own = await createToken(approver, { name: "mine", scopes: ["read", "promote"] });
    expect(
      (
        await approvePromotion((await principalFromToken(own.token))!, req.id, {
          snapshotHash: await current(req.id),
        })
      ).status,
    ).toBe("approved");
  });

  it("the version's creator, and whoever ticked or waived its checklist, cannot approve it", async () => {
    const creator = await makeUser("approver");
    const { slug, versionId } = await promotableVersion(creator);
    const target = await makeTarget("production", 1);
    const requester = await makeUser("editor");
    const req = await requestPromotion(requester, slug, 1, { target: target.slug, reason: "ship" });
    const byCreator = await refusal(approve(creator, req.id));
    expect(byCreator.status).toBe(403);
    expect(byCreator.message).toContain("registered this version");

    const waiver = await makeUser("approver");
    const monitoring = (await getChecklist(versionId)).stages
      .find((s) => s.stage === "monitoring")!
      .items.find((i) => i.required)!;
    await updateItem(
      waiver,
      { versionId, itemId: monitoring.id },
      {
        waived: true,
        waiverReason: "Shadow traffic covers the first week of monitoring",
      },
    );
    const byWaiver = await refusal(approve(waiver, req.id));
    expect(byWaiver.status).toBe(403);
    expect(byWaiver.message).toContain("waived");
  });

  it("only votes of users who are approvers and enabled at decision time count", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 2);
    const [admin, a1, a2] = [
      await makeUser("admin"),
      await makeUser("approver"),
      await makeUser("approver"),
    ];
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "ship" });
    await approve(a1, req.id);
    await updateUser(actorOf(admin), a1.user.id, { role: "viewer" });
    const after = await approve(a2, req.id);
    expect(after).toMatchObject({ status: "pending", validApprovals: 1 });
    expect(after.approvals.find((a) => a.user.id === a1.user.id)!.valid).toBe(false);
  });
});

describe("6. waivers are decisions, not shortcuts", () => {
  it("an editor cannot waive a required item; the requester cannot either; the waiver is listed on the gate and voids earlier votes", async () => {
    const { editor, slug, versionId } = await promotableVersion();
    const item = (await getChecklist(versionId)).stages
      .find((s) => s.stage === "monitoring")!
      .items.find((i) => i.required)!;
    const reason = "Covered by the platform team's shared alerting";
    expect(
      (
        await refusal(
          updateItem(
            editor,
            { versionId, itemId: item.id },
            { waived: true, waiverReason: reason },
          ),
        )
      ).status,
    ).toBe(403);

    const requester = await makeUser("approver");
    const target = await makeTarget("production", 2);
    const req = await requestPromotion(requester, slug, 1, { target: target.slug, reason: "ship" });
    expect(
      (
        await refusal(
          updateItem(
            requester,
            { versionId, itemId: item.id },
            { waived: true, waiverReason: reason },
          ),
        )
      ).status,
    ).toBe(403);

    const voter = await makeUser("approver");
    await approve(voter, req.id);
    const waiver = await makeUser("approver");
    await db.checklistItem.updateMany({
      where: { versionId, stage: { not: "monitoring" } },
      data: { waived: false },
    });
    await waiveGatedItems(versionId);
    const required = (await getChecklist(versionId)).stages
      .find((s) => s.stage === "requirements")!
      .items.find((i) => i.required)!;
    await db.checklistItem.update({ where: { id: required.id }, data: { waived: false } });
    await updateItem(
      waiver,
      { versionId, itemId: required.id },
      { waived: true, waiverReason: reason },
    );
    const after = await getPromotion(req.id);
    expect(after.validApprovals).toBe(0);
    const gate = after.gates.find((g) => g.name === "checklist")!;
    expect(gate.waivers).toEqual(
      expect.arrayContaining([expect.objectContaining({ by: waiver.user.name, reason })]),
    );
  });
});

describe("9. a stale request cannot downgrade production", () => {
  it("approving v2 re-pins the forgotten v1 request: its votes void and it says what it would replace", async () => {
    const { editor, slug } = await promotableVersion();
    const v2 = await registerVersion(actorOf(editor), slug, {
      artifactUri: `s3://models/${slug}/2/model.onnx`,
      evalMetrics: { accuracy: 0.97 },
    });
    await waiveGatedItems(v2.id);
    const target = await makeTarget("production", 2);
    const [a1, a2] = [await makeUser("approver"), await makeUser("admin")];
    const r1 = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "v1" });
    const r2 = await requestPromotion(editor, slug, 2, { target: target.slug, reason: "v2" });
    await approve(a1, r1.id); // one of two votes on v1, then forgotten
    await approve(a1, r2.id);
    expect((await approve(a2, r2.id)).status).toBe("approved");

    const stale = await getPromotion(r1.id);
    expect(stale.validApprovals).toBe(0);
    expect(stale.repins.at(-1)!.changes).toContain(
      "the target now runs version 2, which this request would replace",
    );
    // The second approver's click on what they saw before is refused with the change.
    const err = await refusal(approvePromotion(a2, r1.id, { snapshotHash: r1.snapshotHash }));
    expect(err.status).toBe(409);
    expect(
      (
        await db.deployment.findFirstOrThrow({
          where: { targetId: target.id, status: "active" },
          include: { version: true },
        })
      ).version.version,
    ).toBe(2);
  });
});

describe("10. requirements are part of what is approved", () => {
  it("loosening the requirements while a request waits re-pins it, voids the vote, and the gates shown are recomputed", async () => {
    const { editor, slug } = await promotableVersion();
    const target = await makeTarget("production", 2);
    const approver = await makeUser("approver");
    const req = await requestPromotion(editor, slug, 1, { target: target.slug, reason: "ship" });
    await approve(approver, req.id);
    await putRequirements(actorOf(editor), slug, {
      minMetricName: "accuracy",
      minMetricValue: 0.1,
      memoryMb: 512,
      dataSensitivity: "internal",
      latencyP95Ms: 100_000,
    });
    const after = await getPromotion(req.id);
    expect(after.validApprovals).toBe(0);
    expect(after.repins.at(-1)!.changes[0]).toMatch(
      /requirements changed .*minMetricValue 0.9 → 0.1/,
    );
    expect(after.gates.find((g) => g.name === "eval_metrics")!.detail).toContain(">= 0.1");
  });
});
