import { expect, test } from "@playwright/test";
import { bearer } from "../support/fixtures";
import { promotable, ship } from "../support/promotions";
import {
  bareRepo,
  createGitopsTarget,
  deliveryOf,
  pushTraffic,
  rolloutOf,
  startCanary,
} from "../support/rollouts";

// What a platform team would try: a target that delivers through a real Git repository, a
// two-step canary approved like any promotion, traffic pushed by both versions, and Modelgate
// moving the canary on, or rolling it back by itself, with every step a commit.

const STEP_SECONDS = 6;

const canaryPlan = {
  strategy: "canary",
  steps: [
    { percent: 10, seconds: STEP_SECONDS },
    { percent: 50, seconds: STEP_SECONDS },
  ],
  analysis: { minSamples: 30 },
};

async function stableOnGitops(request: Parameters<typeof promotable>[0]) {
  const repo = bareRepo();
  const slug = await promotable(request, 2);
  // KServe serves a model by its format.
  for (const n of [1, 2]) {
    const patched = await request.patch(`/api/v1/models/${slug}/versions/${n}`, {
      headers: bearer("editor"),
      data: { format: "onnx" },
    });
    expect(patched.status(), await patched.text()).toBe(200);
  }
  const target = await createGitopsTarget(request, repo.url);
  const stableId = await ship(request, slug, 1, target.slug);
  await expect
    .poll(async () => (await deliveryOf(request, stableId))?.state, { timeout: 30_000 })
    .toBe("committed");
  return { repo, slug, target, stableId };
}

test.describe("canary rollouts delivered through Git", () => {
  test.describe.configure({ timeout: 120_000 });

  test("a healthy two-step canary ends at 100 %, each step a commit in the repository", async ({
    request,
  }) => {
    const { repo, slug, target, stableId } = await stableOnGitops(request);
    const file = `models/${target.slug}/${slug}.yaml`;
    expect(repo.subjects()).toEqual([`Deploy ${slug} v1 to ${target.slug}`]);
    expect(repo.show(file)).toContain("storageUri: s3://models/");

    const { rolloutId, canaryId } = await startCanary(request, {
      slug,
      target: target.slug,
      plan: canaryPlan,
    });
    for (const step of [0, 1]) {
      await expect
        .poll(async () => (await rolloutOf(request, rolloutId)).stepIndex, { timeout: 30_000 })
        .toBe(step);
      await pushTraffic(request, stableId, { n: 200, median: 100, errorShare: 0.01 });
      await pushTraffic(request, canaryId, { n: 200, median: 100, errorShare: 0.01 });
    }
    await expect
      .poll(async () => (await rolloutOf(request, rolloutId)).state, { timeout: 45_000 })
      .toBe("succeeded");
    const done = await rolloutOf(request, rolloutId);
    expect(done.verdicts.map((v) => v.outcome)).toEqual(["pass", "pass"]);

    await expect
      .poll(async () => (await deliveryOf(request, canaryId))?.state, { timeout: 30_000 })
      .toBe("committed");
    expect(repo.subjects()).toEqual([
      `Deploy ${slug} v1 to ${target.slug}`,
      `Deploy ${slug} v2 to ${target.slug} (canary 10%)`,
      `Deploy ${slug} v2 to ${target.slug} (canary 50%)`,
      `Deploy ${slug} v2 to ${target.slug}`,
    ]);
    const manifest = repo.show(file);
    expect(manifest).toContain(`storageUri: s3://models/${slug}/2/model.onnx`);
    expect(manifest).not.toContain("canaryTrafficPercent");
    expect(repo.show(file, "main~1")).toContain("canaryTrafficPercent: 50");
    expect(repo.messages()[0]).toContain(`Modelgate-Deployment: ${canaryId}`);

    const canary = await (
      await request.get(`/api/v1/deployments/${canaryId}`, { headers: bearer("viewer") })
    ).json();
    expect(canary).toMatchObject({ status: "active", canary: false, trafficPercent: 100 });
  });

  test("a slow canary is rolled back within its first step, and the repository holds the rollback commit", async ({
    request,
  }) => {
    const { repo, slug, target, stableId } = await stableOnGitops(request);
    const { rolloutId, canaryId } = await startCanary(request, {
      slug,
      target: target.slug,
      plan: canaryPlan,
    });
    await pushTraffic(request, stableId, { n: 300, median: 100 });
    await pushTraffic(request, canaryId, { n: 300, median: 170 });
    await expect
      .poll(async () => (await rolloutOf(request, rolloutId)).state, { timeout: 45_000 })
      .toBe("rolled_back");
    const r = await rolloutOf(request, rolloutId);
    expect(r.verdicts).toHaveLength(1);
    const latency = r.verdicts[0].checks.find((c) => c.name === "latency")!;
    expect(latency.outcome).toBe("fail");
    expect(latency.pValue!).toBeLessThan(0.05);

    await expect
      .poll(() => repo.subjects().at(-1), { timeout: 30_000 })
      .toBe(`Roll back ${slug} on ${target.slug} to v1`);
    const file = `models/${target.slug}/${slug}.yaml`;
    expect(repo.show(file)).toContain(`storageUri: s3://models/${slug}/1/model.onnx`);
    expect(repo.show(file)).not.toContain("canaryTrafficPercent");

    const alerts = await (
      await request.get(`/api/v1/alerts?model=${slug}&target=${target.slug}`, {
        headers: bearer("viewer"),
      })
    ).json();
    const critical = alerts.items.find((a: { severity: string }) => a.severity === "critical");
    // Raised by the rollout, not by a rule: it names the rollout and no deleted rule.
    expect(critical).toMatchObject({ ruleId: null, ruleDeleted: false, rolloutId });
  });

  test("a canary is refused where nothing runs to compare with, and a bad plan names its fields", async ({
    request,
  }) => {
    const repo = bareRepo();
    const slug = await promotable(request);
    const patched = await request.patch(`/api/v1/models/${slug}/versions/1`, {
      headers: bearer("editor"),
      data: { format: "onnx" },
    });
    expect(patched.status()).toBe(200);
    const target = await createGitopsTarget(request, repo.url);
    const none = await request.post(`/api/v1/models/${slug}/versions/1/promotions`, {
      headers: bearer("editor"),
      data: { target: target.slug, reason: "first", rollout: canaryPlan },
    });
    expect(none.status()).toBe(422);
    expect((await none.json()).detail).toContain("A canary needs a version already running");
    const bad = await request.post(`/api/v1/models/${slug}/versions/1/promotions`, {
      headers: bearer("editor"),
      data: {
        target: target.slug,
        reason: "bad",
        rollout: {
          strategy: "canary",
          steps: [
            { percent: 50, minutes: 5 },
            { percent: 20, minutes: 0 },
          ],
        },
      },
    });
    expect(bad.status()).toBe(400);
    expect(bad.headers()["content-type"]).toContain("application/problem+json");
    const paths = ((await bad.json()).errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(["rollout.steps.1.minutes", "rollout.steps.1.percent"]),
    );
    expect(repo.subjects()).toEqual([]);
  });
});
