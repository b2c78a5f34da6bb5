import { type APIRequestContext, expect, test } from "@playwright/test";
import { modelEndpoints } from "@/lib/endpoints/models";
import { versionEndpoints } from "@/lib/endpoints/versions";
import { FakeMlflow } from "../../cli/testing/fake-mlflow";
import { parsed } from "../support/api";
import { runCli, show } from "../support/cli";
import { bearer, unique } from "../support/fixtures";

// `modelgate import mlflow` against the running app: a fake MLflow tracking server started
// here (cli/testing/fake-mlflow.ts, answering as MLflow's REST API reference documents, with
// small pages so every listing spans several) is imported, re-imported (nothing changes), then
// changed in one place (a new metric on one run, a new version), and imported a third time.

let fake: FakeMlflow;

test.beforeAll(async () => {
  fake = new FakeMlflow({ maxPageSize: 2 });
  await fake.start();
});

test.afterAll(async () => {
  await fake.close();
});

const importMlflow = (args: string[]) =>
  runCli(["import", "mlflow", "--tracking-uri", fake.url, ...args]);

async function versionsOf(request: APIRequestContext, slug: string) {
  const res = await request.get(`/api/v1/models/${slug}/versions?limit=50`, {
    headers: bearer("viewer"),
  });
  return (await parsed(res, versionEndpoints.list)).items.sort((a, b) => a.version - b.version);
}

test.describe("modelgate import mlflow", () => {
  test.describe.configure({ timeout: 180_000 });

  test("imports a registry, changes nothing on a re-run, then updates only what changed", async ({
    request,
  }) => {
    const name = `Churn ${unique("mlflow")}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    fake.addModel(name, { description: "Who is about to leave", tags: { team: "growth" } });
    fake.addRun("r1", {
      metrics: [
        { key: "auc", value: 0.7, step: 0 },
        { key: "auc", value: 0.81, step: 5 },
      ],
      params: { max_depth: "4" },
      tags: { "mlflow.source.git.commit": "0123abcd" },
    });
    fake.addRun("r2", { experimentId: "4", metrics: [{ key: "auc", value: 0.86 }] });
    fake.addVersion(name, { runId: "r1", stage: "Archived" });
    fake.addVersion(name, { runId: "r2", stage: "Production", description: "retrained" });
    fake.addVersion(name, { runId: "gone", source: `s3://ml-artifacts/${slug}/3/model` });
    fake.setAlias(name, "champion", "2");

    const dry = await importMlflow(["--model", name, "--dry-run"]);
    expect(dry.code, show(dry)).toBe(0);
    expect(dry.stdout).toContain("Versions: 3 to create, 0 to update, 0 unchanged, 0 failed.");
    const none = await request.get(`/api/v1/models/${slug}`, { headers: bearer("viewer") });
    expect(none.status(), "--dry-run created the model").toBe(404);

    const first = await importMlflow(["--model", name]);
    expect(first.code, show(first)).toBe(0);
    expect(first.stdout).toContain("Models: 1 created, 0 updated, 0 unchanged, 0 failed.");
    expect(first.stdout).toContain("Versions: 3 created, 0 updated, 0 unchanged, 0 failed.");
    expect(first.stdout).toContain("run gone no longer exists in MLflow");

    const model = await parsed(
      await request.get(`/api/v1/models/${slug}`, { headers: bearer("viewer") }),
      modelEndpoints.get,
    );
    expect(model).toMatchObject({ name, description: "Who is about to leave" });
    expect(model.tags).toEqual(["team:growth"]);

    const versions = await versionsOf(request, slug);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(versions[0]).toMatchObject({
      artifactUri: `${fake.url}/api/2.0/mlflow-artifacts/artifacts/1/r1/artifacts/model`,
      evalMetrics: { auc: 0.81 },
      gitCommit: "0123abcd",
      runUrl: `${fake.url}/#/experiments/1/runs/r1`,
      params: { max_depth: "4", "mlflow.name": name, "mlflow.version": "1" },
    });
    expect(versions[1].runUrl).toBe(`${fake.url}/#/experiments/4/runs/r2`);
    expect(versions[1].modelCard).toContain("Stage: Production");
    expect(versions[1].modelCard).toContain("`champion`");
    expect(versions[1].modelCard).toContain("retrained");
    expect(versions[2]).toMatchObject({
      artifactUri: `s3://ml-artifacts/${slug}/3/model`,
      evalMetrics: {},
      runUrl: null,
    });

    const again = await importMlflow(["--model", name]);
    expect(again.code, show(again)).toBe(0);
    expect(again.stdout).toContain("Models: 0 created, 0 updated, 1 unchanged, 0 failed.");
    expect(again.stdout).toContain("Versions: 0 created, 0 updated, 3 unchanged, 0 failed.");
    const unchanged = await versionsOf(request, slug);
    expect(unchanged.map((v) => v.updatedAt)).toEqual(versions.map((v) => v.updatedAt));

    fake.runs.get("r2")!.data.metrics.push({ key: "f1", value: 0.74, timestamp: 1, step: 0 });
    fake.addRun("r4", { metrics: [{ key: "auc", value: 0.9 }] });
    fake.addVersion(name, { runId: "r4" });
    const third = await importMlflow(["--model", name, "--json"]);
    expect(third.code, show(third)).toBe(0);
    const summary = JSON.parse(third.stdout);
    expect(summary.dryRun).toBe(false);
    expect(summary.totals.models).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(summary.totals.versions).toMatchObject({
      created: 1,
      updated: 1,
      unchanged: 2,
      failed: 0,
    });
    expect(summary.models[0].versions[1]).toMatchObject({
      mlflowVersion: "2",
      version: 2,
      action: "updated",
      changes: ["evalMetrics (f1)"],
    });

    const after = await versionsOf(request, slug);
    expect(after.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect(after[1].evalMetrics).toEqual({ auc: 0.86, f1: 0.74 });
    expect(after[3]).toMatchObject({
      evalMetrics: { auc: 0.9 },
      params: { "mlflow.version": "4" },
    });
    for (const i of [0, 2]) expect(after[i].updatedAt).toBe(versions[i].updatedAt);
  });

  test("an unknown --model exits 1 and says so; --dry-run of a whole registry creates nothing", async ({
    request,
  }) => {
    const unknown = await importMlflow(["--model", "no-such-model"]);
    expect(unknown.code, show(unknown)).toBe(1);
    expect(unknown.stdout).toContain('MLflow has no registered model named "no-such-model"');
    expect(unknown.stderr).toContain("some models or versions could not be imported");

    const name = `Fraud ${unique("mlflow")}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    fake.addModel(name);
    fake.addVersion(name);
    const dry = await importMlflow(["--dry-run", "--json"]);
    expect(dry.code, show(dry)).toBe(0);
    const summary = JSON.parse(dry.stdout);
    expect(summary.dryRun).toBe(true);
    const planned = summary.models.find((m: { slug: string }) => m.slug === slug);
    expect(planned).toMatchObject({ action: "created", versions: [{ action: "created" }] });
    const res = await request.get(`/api/v1/models/${slug}`, { headers: bearer("viewer") });
    expect(res.status()).toBe(404);
  });
});
