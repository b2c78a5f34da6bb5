import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  approveAsShown,
  makeTarget,
  makeUser,
  promotableVersion,
  refusal,
  waiveGatedItems,
} from "@/lib/testing/fixtures";
import { gitSandbox } from "@/lib/testing/git-repos";
import { actorOf } from "./audit";
import { getDeployment, rollback } from "./deployments";
import { enqueueDelivery, processDeliveries } from "./delivery";
import { requestPromotion } from "./promotions/requests";
import { registerVersion, updateVersion } from "./versions";
import type { Gate } from "@/lib/schemas/promotions";

// Delivery through the real database and real git: bare repositories made here, reached by
// file:// (allowed as MODELGATE_GITOPS_ALLOW_LOCAL=1 allows it). Read by env() on first use,
// which comes after these lines.
const box = gitSandbox("mgg-delivery");
const { root, bareRepo, git } = box;
process.env.MODELGATE_GITOPS_ALLOW_LOCAL = "1";
process.env.MODELGATE_GITOPS_WORKDIR = path.join(root, "cache");
process.env.MODELGATE_GITOPS_MAX_ATTEMPTS = "3";
afterAll(box.remove);

type Settings = {
  repoUrl: string;
  format?: "kserve" | "kubernetes";
  path?: string;
  environment?: "staging" | "production";
};

async function gitopsTarget(s: Settings) {
  const target =
    s.environment === "production"
      ? await makeTarget("production", 1)
      : await makeTarget("staging", 0);
  return db.deploymentTarget.update({
    where: { id: target.id },
    data: {
      delivery: {
        kind: "gitops",
        repoUrl: s.repoUrl,
        branch: "main",
        path: s.path ?? "models/{target}/{model}.yaml",
        format: s.format ?? "kserve",
        namespace: "ml",
        credentialsEnv: null,
      },
    },
  });
}

/** A fixture model's version, registered as ONNX (KServe serves a model by its format). */
async function onnxVersion() {
  const f = await promotableVersion();
  await db.modelVersion.update({ where: { id: f.versionId }, data: { format: "onnx" } });
  return f;
}

/** A version of a fixture model made active on the target, and its delivery queued, in one tx. */
async function activateWithDelivery(
  targetId: string,
  fixture?: Awaited<ReturnType<typeof onnxVersion>>,
) {
  const f = fixture ?? (await onnxVersion());
  return db.$transaction(async (tx) => {
    await tx.deployment.updateMany({
      where: { modelId: f.modelId, targetId, status: "active" },
      data: { status: "superseded", endedAt: new Date() },
    });
    const d = await tx.deployment.create({
      data: {
        modelId: f.modelId,
        versionId: f.versionId,
        targetId,
        status: "active",
        activatedAt: new Date(),
      },
    });
    const deliveryId = await enqueueDelivery(tx, { deploymentId: d.id, reason: "activate" });
    return { fixture: f, deploymentId: d.id, deliveryId };
  });
}

const trailersOf = (repo: string, rev = "main") =>
  git(["log", "-1", "--format=%(trailers:only,unfold)", rev], repo);

describe("gitops delivery (PostgreSQL, real git)", () => {
  it("commits an activation's manifest once, byte for byte, with its trailers", async () => {
    const repo = bareRepo();
    const target = await gitopsTarget({ repoUrl: repo.url });
    const { fixture, deploymentId, deliveryId } = await activateWithDelivery(target.id);
    expect(deliveryId).not.toBeNull();
    const queued = await db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } });
    expect(queued).toMatchObject({
      state: "pending",
      path: `models/${target.slug}/${fixture.slug}.yaml`,
      message: `Deploy ${fixture.slug} v1 to ${target.slug}`,
      repoUrl: repo.url,
    });
    expect(queued.manifest).toContain("kind: InferenceService");
    expect(queued.manifest).toContain(`modelgate.io/deployment-id: ${deploymentId}`);

    expect(await processDeliveries({ targetIds: [target.id] })).toEqual({
      committed: 1,
      failed: 0,
      retried: 0,
    });
    const done = await db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } });
    expect(done.state).toBe("committed");
    expect(done.commit).toBe(git(["rev-parse", "main"], repo.dir));
    expect(git(["rev-list", "--count", "main"], repo.dir)).toBe("1");
    expect(git(["cat-file", "blob", `main:${done.path}`], repo.dir) + "\n").toBe(queued.manifest);
    expect(trailersOf(repo.dir)).toBe(
      `Modelgate-Deployment: ${deploymentId}\nModelgate-Delivery: ${deliveryId}`,
    );
    // Nothing left to do: a second run commits nothing more.
    expect(await processDeliveries({ targetIds: [target.id] })).toEqual({
      committed: 0,
      failed: 0,
      retried: 0,
    });
    expect(git(["rev-list", "--count", "main"], repo.dir)).toBe("1");
    // The deployment shows it, and the event says so.
    expect((await getDeployment(deploymentId)).delivery).toMatchObject({
      id: deliveryId,
      state: "committed",
      commit: done.commit,
      reason: "activate",
      nextAttemptAt: null,
    });
    const event = await db.domainEvent.findFirstOrThrow({
      where: { type: "delivery.committed", subjectId: deliveryId! },
    });
    expect(event.data).toMatchObject({ commit: done.commit, alreadyDone: false });
  });

  it("queues nothing for a target that only records deployments", async () => {
    const target = await makeTarget("staging", 0);
    const { deploymentId, deliveryId } = await activateWithDelivery(target.id);
    expect(deliveryId).toBeNull();
    expect(await db.delivery.count({ where: { targetId: target.id } })).toBe(0);
    expect((await getDeployment(deploymentId)).delivery).toBeNull();
  });

  it("records a deployment it cannot render as failed at once, with the reason", async () => {
    const target = await gitopsTarget({ repoUrl: bareRepo().url, format: "kubernetes" });
    const { deliveryId } = await activateWithDelivery(target.id);
    const row = await db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } });
    expect(row).toMatchObject({
      state: "failed",
      error: "version 1 has no image: a Kubernetes Deployment needs one",
      attempts: 0,
    });
    expect(
      await db.domainEvent.count({ where: { type: "delivery.failed", subjectId: deliveryId! } }),
    ).toBe(1);
  });

  it("retries an unreachable repository with growing waits, then fails and says so", async () => {
    const target = await gitopsTarget({ repoUrl: `file://${path.join(root, "missing.git")}` });
    const { deliveryId } = await activateWithDelivery(target.id);
    const row = () => db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } });
    const due = () =>
      db.delivery.update({ where: { id: deliveryId! }, data: { nextAttemptAt: new Date() } });

    const waits: number[] = [];
    for (const attempt of [1, 2]) {
      expect(await processDeliveries({ targetIds: [target.id] })).toEqual({
        committed: 0,
        failed: 0,
        retried: 1,
      });
      const r = await row();
      expect(r).toMatchObject({ state: "pending", attempts: attempt, leaseUntil: null });
      expect(r.error).toMatch(/does not appear to be a git repository|missing\.git/);
      // Measured from when the attempt was recorded: however long the attempt itself took.
      waits.push(Math.round((r.nextAttemptAt.getTime() - r.updatedAt.getTime()) / 1000));
      // Not due yet: a run now leaves it alone.
      expect(await processDeliveries({ targetIds: [target.id] })).toEqual({
        committed: 0,
        failed: 0,
        retried: 0,
      });
      await due();
    }
    expect(waits).toEqual([10, 20]);

    expect(await processDeliveries({ targetIds: [target.id] })).toEqual({
      committed: 0,
      failed: 1,
      retried: 0,
    });
    expect(await row()).toMatchObject({ state: "failed", attempts: 3 });
    const event = await db.domainEvent.findFirstOrThrow({
      where: { type: "delivery.failed", subjectId: deliveryId! },
    });
    expect(event.data).toMatchObject({ deliveryId, attempts: 3, target: target.slug });
  });

  it("lands two deliveries of one file in the order they were made", async () => {
    const repo = bareRepo();
    const target = await gitopsTarget({ repoUrl: repo.url });
    const first = await activateWithDelivery(target.id);
    const second = await activateWithDelivery(target.id, first.fixture);
    // The first waits for a retry: the second, on the same file, waits behind it.
    await db.delivery.update({
      where: { id: first.deliveryId! },
      data: { nextAttemptAt: new Date(Date.now() + 60_000) },
    });
    expect(await processDeliveries({ targetIds: [target.id] })).toMatchObject({ committed: 0 });
    expect(git(["rev-list", "--all", "--count"], repo.dir)).toBe("0");

    await db.delivery.update({
      where: { id: first.deliveryId! },
      data: { nextAttemptAt: new Date() },
    });
    expect(await processDeliveries({ targetIds: [target.id] })).toMatchObject({ committed: 2 });
    const log = git(
      ["log", "--reverse", "--format=%(trailers:key=Modelgate-Delivery,valueonly)", "main"],
      repo.dir,
    );
    expect(log.split("\n").filter(Boolean)).toEqual([first.deliveryId, second.deliveryId]);
    const last = await db.delivery.findUniqueOrThrow({ where: { id: second.deliveryId! } });
    expect(git(["cat-file", "blob", `main:${last.path}`], repo.dir) + "\n").toBe(last.manifest);
  });

  it("a rollback commits the restored version's manifest again, through the approval and rollback services", async () => {
    const repo = bareRepo();
    const target = await gitopsTarget({ repoUrl: repo.url, environment: "production" });
    const f = await onnxVersion();
    const approver = await makeUser("approver");
    const ship = async (n: number) => {
      const req = await requestPromotion(f.editor, f.slug, n, {
        target: target.slug,
        reason: `v${n}`,
      });
      return (await approveAsShown(approver, req.id)).deploymentId!;
    };
    const d1 = await ship(1);
    const v2 = await registerVersion(actorOf(f.editor), f.slug, {
      artifactUri: `s3://models/${f.slug}/2/model.onnx`,
      format: "onnx",
      evalMetrics: { accuracy: 0.97 },
    });
    await waiveGatedItems(v2.id);
    const d2 = await ship(2);
    const restored = await rollback(approver, d2, "latency regression after v2");
    expect(await processDeliveries({ targetIds: [target.id] })).toMatchObject({ committed: 3 });

    const file = `models/${target.slug}/${f.slug}.yaml`;
    const subjects = git(["log", "--reverse", "--format=%s", "main"], repo.dir).split("\n");
    expect(subjects).toEqual([
      `Deploy ${f.slug} v1 to ${target.slug}`,
      `Deploy ${f.slug} v2 to ${target.slug}`,
      `Roll back ${f.slug} on ${target.slug} to v1`,
    ]);
    const at = (rev: string) => git(["cat-file", "blob", `${rev}:${file}`], repo.dir);
    expect(at("main~1")).toContain(`storageUri: s3://models/${f.slug}/2/model.onnx`);
    // v1's manifest again; only the annotations naming the deployment (a new one) and the
    // promotion (none: a rollback is not one) differ.
    const ids = /^ {4}modelgate\.io\/(deployment|promotion)-id: .*\n/gm;
    expect(at("main").replace(ids, "")).toBe(at("main~2").replace(ids, ""));
    expect(at("main")).toContain(`modelgate.io/deployment-id: ${restored.id}`);
    expect(at("main~2")).toContain(`modelgate.io/deployment-id: ${d1}`);
    expect(trailersOf(repo.dir)).toContain(`Modelgate-Deployment: ${restored.id}`);
    expect((await getDeployment(restored.id)).delivery).toMatchObject({
      state: "committed",
      reason: "rollback",
    });
  });

  it("a version no manifest can be made of is refused at the request, not after the approval", async () => {
    const repo = bareRepo();
    const target = await gitopsTarget({
      repoUrl: repo.url,
      format: "kubernetes",
      environment: "production",
    });
    const f = await promotableVersion();
    const err = await refusal(
      requestPromotion(f.editor, f.slug, 1, { target: target.slug, reason: "no image yet" }),
    );
    expect(err.code).toBe("gate_failed");
    const gates = err.options.extra!.gates as Gate[];
    expect(gates.filter((g) => g.blocking && !g.passed).map((g) => g.name)).toEqual([
      "deliverable",
    ]);
    expect(gates.find((g) => g.name === "deliverable")!.reasons).toEqual([
      "version 1 has no image: a Kubernetes Deployment needs one",
    ]);
    expect(await db.promotionRequest.count({ where: { versionId: f.versionId } })).toBe(0);

    // With an image the same request goes through, and the approval commits it.
    await updateVersion(actorOf(f.editor), f.slug, 1, { image: "ghcr.io/acme/churn:1.4" });
    const req = await requestPromotion(f.editor, f.slug, 1, { target: target.slug, reason: "v1" });
    const deploymentId = (await approveAsShown(await makeUser("approver"), req.id)).deploymentId!;
    expect(await processDeliveries({ targetIds: [target.id] })).toMatchObject({ committed: 1 });
    expect(
      git(["cat-file", "blob", `main:models/${target.slug}/${f.slug}.yaml`], repo.dir),
    ).toContain("image: ghcr.io/acme/churn:1.4");
    expect((await getDeployment(deploymentId)).delivery).toMatchObject({ state: "committed" });
  });

  it("commits exactly once when a worker is killed after its push landed", async () => {
    const repo = bareRepo();
    const target = await gitopsTarget({ repoUrl: repo.url });
    const { deliveryId } = await activateWithDelivery(target.id);
    // The repository takes the push, then keeps the worker waiting: long enough to kill it.
    const marker = box.fresh("pushed");
    const hook = path.join(repo.dir, "hooks", "post-receive");
    writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nsleep 60\n`);
    chmodSync(hook, 0o755);

    const lease = 5;
    const worker = spawn(
      process.execPath,
      [
        "node_modules/tsx/dist/cli.mjs",
        "lib/testing/scripts/deliver-once.ts",
        target.id,
        String(lease),
      ],
      { env: { ...process.env, LOG_LEVEL: "silent" }, detached: true, stdio: "ignore" },
    );
    try {
      await until(() => existsSync(marker), 30_000);
    } finally {
      killGroup(worker);
    }
    rmSync(hook);
    // The push landed; the database never heard: the delivery is still pending, leased.
    expect(git(["rev-list", "--count", "main"], repo.dir)).toBe("1");
    expect(await db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } })).toMatchObject({
      state: "pending",
      attempts: 0,
    });

    // While the lease holds, nobody takes it over; once it is over, the next run finds the commit.
    expect(await processDeliveries({ targetIds: [target.id] })).toMatchObject({ committed: 0 });
    await new Promise((r) => setTimeout(r, lease * 1000 + 200));
    expect(await processDeliveries({ targetIds: [target.id] })).toMatchObject({ committed: 1 });
    const done = await db.delivery.findUniqueOrThrow({ where: { id: deliveryId! } });
    expect(done.state).toBe("committed");
    expect(done.commit).toBe(git(["rev-parse", "main"], repo.dir));
    const carrying = git(
      ["log", "--format=%(trailers:key=Modelgate-Delivery,valueonly)", "main"],
      repo.dir,
    )
      .split("\n")
      .filter((id) => id === deliveryId);
    expect(carrying).toHaveLength(1);
    const event = await db.domainEvent.findFirstOrThrow({
      where: { type: "delivery.committed", subjectId: deliveryId! },
    });
    expect(event.data).toMatchObject({ alreadyDone: true });
  }, 60_000);
});

async function until(check: () => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGKILL the worker and everything it started (its git push, the hook's sleep). */
function killGroup(child: ChildProcess) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
