import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CliError } from "./errors";
import {
  aliasesOf,
  artifactUri,
  authHeader,
  latestMetrics,
  mergeTags,
  MlflowClient,
  MlflowError,
  modelPatch,
  modelTags,
  NOTE_MARKER,
  planModel,
  planVersion,
  slugFromName,
  versionPatch,
} from "./mlflow";
import { FakeMlflow } from "./testing/fake-mlflow";

// The MLflow reader against a local server answering as MLflow's REST API reference documents
// (cli/testing/fake-mlflow.ts), and the pure mapping to Modelgate. The import end to end, against
// the running app, is e2e/api/mlflow-import.spec.ts.

const noSleep = async () => undefined;
let fake: FakeMlflow | undefined;
let raw: Server | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  if (raw) await new Promise<void>((resolve) => raw!.close(() => resolve()));
  raw = undefined;
});

async function startFake(options: ConstructorParameters<typeof FakeMlflow>[0] = {}) {
  fake = new FakeMlflow(options);
  await fake.start();
  return fake;
}

/** A server that answers every request with `status` and `body` as is. */
async function answering(status: number, body: string): Promise<string> {
  raw = createServer((_req, res) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => raw!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
}

describe("MlflowClient", () => {
  it("pages through registered models with next_page_token", async () => {
    const f = await startFake({ maxPageSize: 2 });
    for (const name of ["e", "d", "c", "b", "a"]) f.addModel(`model-${name}`);
    const client = new MlflowClient(f.url);
    const models = await client.registeredModels();
    expect(models.map((m) => m.name)).toEqual([
      "model-a",
      "model-b",
      "model-c",
      "model-d",
      "model-e",
    ]);
    const searches = f.requests.filter((u) => u.pathname.endsWith("registered-models/search"));
    expect(searches).toHaveLength(3);
    expect(searches[0].searchParams.get("page_token")).toBeNull();
    expect(searches[1].searchParams.get("page_token")).toBeTruthy();
    expect(searches[0].searchParams.get("max_results")).toBe("1000");
  });

  it("filters by name='x' and answers an unknown name with no models", async () => {
    const f = await startFake();
    f.addModel("churn", { description: "who leaves", tags: { team: "growth" } });
    f.addModel("fraud");
    const client = new MlflowClient(f.url);
    const [churn] = await client.registeredModels("churn");
    expect(churn).toMatchObject({ name: "churn", description: "who leaves" });
    expect(churn.tags).toEqual([{ key: "team", value: "growth" }]);
    expect(f.requests.at(-1)!.searchParams.get("filter")).toBe("name='churn'");
    expect(await client.registeredModels("nope")).toEqual([]);
    await expect(client.registeredModels("it's")).rejects.toThrow(/single quote/);
  });

  it("lists a model's versions over several pages, oldest first", async () => {
    const f = await startFake({ maxPageSize: 2 });
    f.addModel("churn");
    f.addModel("other");
    for (let i = 0; i < 5; i++) f.addVersion("churn");
    f.addVersion("other");
    const versions = await new MlflowClient(f.url).modelVersions("churn");
    expect(versions.map((v) => v.version)).toEqual(["1", "2", "3", "4", "5"]);
    const searches = f.requests.filter((u) => u.pathname.endsWith("model-versions/search"));
    expect(searches).toHaveLength(3);
    expect(searches.every((u) => u.searchParams.get("filter") === "name='churn'")).toBe(true);
  });

  it("reads a run, and a deleted run as null (RESOURCE_DOES_NOT_EXIST, 404)", async () => {
    const f = await startFake();
    f.addRun("abc123", { metrics: [{ key: "auc", value: 0.9 }], params: { depth: "6" } });
    const client = new MlflowClient(f.url);
    const run = await client.run("abc123");
    expect(run?.info.experiment_id).toBe("1");
    expect(run?.data.params).toEqual([{ key: "depth", value: "6" }]);
    expect(run?.data.metrics[0]).toMatchObject({ key: "auc", value: 0.9, step: 0 });
    expect(await client.run("gone")).toBeNull();
  });

  it("asks where a version's files are (get-download-uri)", async () => {
    const f = await startFake();
    f.addModel("llm");
    f.addVersion("llm", { source: "models:/m-0a1b2c" });
    f.downloadUris.set("models:/m-0a1b2c", "s3://ml/1/models/m-0a1b2c/artifacts");
    const client = new MlflowClient(f.url);
    expect(await client.downloadUri("llm", "1")).toBe("s3://ml/1/models/m-0a1b2c/artifacts");
    await expect(client.downloadUri("llm", "9")).rejects.toThrow(/404 RESOURCE_DOES_NOT_EXIST/);
  });

  it("turns other MLflow errors into MlflowError with their code", async () => {
    const url = await answering(
      400,
      JSON.stringify({ error_code: "INVALID_PARAMETER_VALUE", message: "bad filter" }),
    );
    const err = await new MlflowClient(url).registeredModels().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect((err as MlflowError).errorCode).toBe("INVALID_PARAMETER_VALUE");
    expect((err as MlflowError).message).toMatch(/400 INVALID_PARAMETER_VALUE: bad filter/);
  });

  it("reports a malformed answer clearly instead of crashing", async () => {
    const url = await answering(200, JSON.stringify({ registered_models: [{ nom: "x" }] }));
    const err = await new MlflowClient(url).registeredModels().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect((err as MlflowError).message).toMatch(/not what its REST API documents/);
    expect((err as MlflowError).details.join()).toMatch(/registered_models\.0\.name/);
  });

  it("reports an answer that is not JSON", async () => {
    const url = await answering(200, "<html>login</html>");
    await expect(new MlflowClient(url).registeredModels()).rejects.toThrow(/not JSON/);
  });

  it("accepts int64 fields as strings, as older servers send them", async () => {
    const url = await answering(
      200,
      JSON.stringify({
        run: {
          info: { run_id: "r", experiment_id: 3 },
          data: { metrics: [{ key: "a", value: "NaN", timestamp: "17", step: "2" }] },
        },
      }),
    );
    const run = await new MlflowClient(url).run("r");
    expect(run?.info.experiment_id).toBe("3");
    expect(run?.data.metrics[0]).toMatchObject({ value: "NaN", timestamp: 17, step: 2 });
  });

  it("refuses to page forever", async () => {
    const f = await startFake({ maxPageSize: 1 });
    for (let i = 0; i < 5; i++) f.addModel(`m${i}`);
    await expect(new MlflowClient(f.url, { maxPages: 3 }).registeredModels()).rejects.toThrow(
      /after 3 pages; refusing/,
    );
  });

  it("sends the token or basic credentials, and explains a refusal", async () => {
    expect(authHeader({ token: "t" })).toBe("Bearer t");
    expect(authHeader({ username: "u", password: "p" })).toBe(
      `Basic ${Buffer.from("u:p").toString("base64")}`,
    );
    expect(authHeader({})).toBeUndefined();
    const f = await startFake({ authorization: "Bearer secret" });
    f.addModel("m");
    expect(
      await new MlflowClient(f.url, { auth: { token: "secret" } }).registeredModels(),
    ).toHaveLength(1);
    await expect(
      new MlflowClient(f.url, { auth: { token: "wrong" } }).registeredModels(),
    ).rejects.toThrow(/refused the credentials \(401\)/);
  });

  it("says when the server cannot be reached", async () => {
    const url = await answering(200, "{}");
    await new Promise<void>((resolve) => raw!.close(() => resolve()));
    raw = undefined;
    const err = await new MlflowClient(url, { maxRetries: 1, sleep: noSleep })
      .registeredModels()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(err).not.toBeInstanceOf(MlflowError);
    expect((err as Error).message).toMatch(/Could not reach MLflow at/);
  });

  it("refuses tracking URIs that are not http(s) servers", () => {
    expect(() => new MlflowClient("databricks")).toThrow(/not a URL/);
    expect(() => new MlflowClient("file:///tmp/mlruns")).toThrow(/http\(s\)/);
    expect(new MlflowClient("http://mlflow:5000/").trackingUri).toBe("http://mlflow:5000");
  });
});

describe("mapping MLflow to Modelgate", () => {
  const tracking = "http://mlflow:5000";

  it("derives slugs that Modelgate accepts", () => {
    expect(slugFromName("Churn Model")).toBe("churn-model");
    expect(slugFromName("fraud_detector.v2")).toBe("fraud-detector-v2");
    expect(slugFromName("Prévision--Ventes")).toBe("prevision-ventes");
    expect(slugFromName("x")).toMatch(/^x-[0-9a-f]{8}$/);
    expect(slugFromName("模型")).toMatch(/^mlflow-[0-9a-f]{8}$/);
    const long = slugFromName("a".repeat(80));
    expect(long).toHaveLength(64);
    expect(long).not.toBe(slugFromName(`${"a".repeat(79)}b`));
    for (const name of ["Churn Model", "x", "模型", "a".repeat(80), "-a-"])
      expect(slugFromName(name)).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it("maps tags as key:value, skipping MLflow's own and what does not fit", () => {
    const { value, warnings } = modelTags([
      { key: "team", value: "growth" },
      { key: "pii", value: "" },
      { key: "mlflow.internal", value: "x" },
      { key: "owner email", value: "a@b.c" },
      { key: "long", value: "x".repeat(50) },
    ]);
    expect(value).toEqual(["team:growth", "pii", "owner-email:a-b.c"]);
    expect(warnings).toEqual([expect.stringMatching(/tag long is not kept/)]);
    expect(mergeTags(["team:old", "mine"], ["team:growth"])).toEqual(["mine", "team:growth"]);
  });

  it("plans a model and the PATCH a changed one needs", () => {
    const plan = planModel({
      name: "Churn Model",
      description: "who leaves",
      tags: [{ key: "team", value: "growth" }],
      aliases: [],
    });
    expect(plan.create).toEqual({
      slug: "churn-model",
      name: "Churn Model",
      description: "who leaves",
      tags: ["team:growth"],
    });
    expect(modelPatch(plan, { description: "who leaves", tags: ["team:growth", "x"] })).toBeNull();
    expect(modelPatch(plan, { description: "old", tags: ["team:ops"] })).toEqual({
      description: "who leaves",
      tags: ["team:growth"],
    });
  });

  it("keeps each metric's latest value (step, then timestamp) and makes names safe", () => {
    const { value, warnings } = latestMetrics([
      { key: "loss", value: 0.9, step: 0, timestamp: 5 },
      { key: "loss", value: 0.3, step: 2, timestamp: 1 },
      { key: "loss", value: 0.5, step: 1, timestamp: 9 },
      { key: "auc", value: 0.8, step: 0, timestamp: 1 },
      { key: "auc", value: 0.85, step: 0, timestamp: 2 },
      { key: "val/f1", value: 0.7, step: 0, timestamp: 1 },
      { key: "bad", value: "NaN", step: 0, timestamp: 1 },
      { key: "1st", value: 1, step: 0, timestamp: 1 },
    ]);
    expect(value).toEqual({ loss: 0.3, auc: 0.85, val_f1: 0.7, m_1st: 1 });
    expect(warnings).toContain("metric bad is NaN, not a finite number; left out");
    expect(warnings).toContain("metric val/f1 is stored as val_f1");
  });

  it("resolves sources to artifact URIs Modelgate can store", () => {
    const run = {
      info: { experiment_id: "1", artifact_uri: "mlflow-artifacts:/1/abc/artifacts" },
      data: { metrics: [], params: [], tags: [] },
    };
    expect(artifactUri("s3://b/m/1", tracking, null)).toEqual({ uri: "s3://b/m/1" });
    expect(artifactUri("runs:/abc/model", tracking, run)).toEqual({
      uri: "http://mlflow:5000/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/model",
    });
    expect(artifactUri("mlflow-artifacts://host:5000/2/x/artifacts", tracking, null)).toEqual({
      uri: "http://mlflow:5000/api/2.0/mlflow-artifacts/artifacts/2/x/artifacts",
    });
    expect(artifactUri("runs:/abc/model", tracking, null)).toHaveProperty("problem");
    expect(artifactUri("dbfs:/models/x", tracking, null)).toEqual({
      problem: expect.stringMatching(/dbfs:\/models\/x is not a location Modelgate can store/),
    });
  });

  const mv = {
    name: "churn",
    version: "2",
    current_stage: "Production",
    description: "retrained on November",
    source: "runs:/abc/model",
    run_id: "abc",
    tags: [],
    aliases: ["champion"],
  };
  const rm = { name: "churn", tags: [], aliases: [{ alias: "stable", version: "2" }] };
  const run = {
    info: { run_id: "abc", experiment_id: "7", artifact_uri: "mlflow-artifacts:/7/abc/artifacts" },
    data: {
      metrics: [{ key: "auc", value: 0.91, step: 0, timestamp: 1 }],
      params: [{ key: "depth", value: "6" }],
      tags: [{ key: "mlflow.source.git.commit", value: "ABCDEF1234567" }],
    },
  };

  it("plans a version from its run: metrics, params, commit, run URL and a note", () => {
    const aliases = aliasesOf(mv, rm);
    expect(aliases).toEqual(["champion", "stable"]);
    const plan = planVersion(mv, run, aliases, tracking);
    expect(plan.identity).toBe("churn#2");
    expect(plan.fields).toMatchObject({
      artifactUri: "http://mlflow:5000/api/2.0/mlflow-artifacts/artifacts/7/abc/artifacts/model",
      evalMetrics: { auc: 0.91 },
      params: { depth: "6", "mlflow.name": "churn", "mlflow.version": "2", "mlflow.run_id": "abc" },
      gitCommit: "abcdef1234567",
      runUrl: "http://mlflow:5000/#/experiments/7/runs/abc",
    });
    expect(plan.fields!.modelCard).toContain(NOTE_MARKER);
    expect(plan.fields!.modelCard).toContain("Stage: Production");
    expect(plan.fields!.modelCard).toContain("`champion`, `stable`");
    expect(plan.fields!.modelCard).toContain("retrained on November");
  });

  it("plans a version whose run is gone without run data, and says so", () => {
    const plan = planVersion({ ...mv, source: "s3://b/churn/2" }, null, [], tracking);
    expect(plan.runMissing).toBe(true);
    expect(plan.warnings[0]).toMatch(/run abc no longer exists/);
    expect(plan.fields).toMatchObject({
      artifactUri: "s3://b/churn/2",
      evalMetrics: {},
      params: { "mlflow.version": "2" },
    });
    expect(plan.fields!.runUrl).toBeUndefined();
    // A runs:/ source cannot be resolved without the run.
    expect(planVersion(mv, null, [], tracking).fields).toBeNull();
  });

  it("patches only what changed, and leaves hand-written cards and extra metrics alone", () => {
    const plan = planVersion(mv, run, ["champion"], tracking);
    const f = plan.fields!;
    const existing = {
      version: 5,
      evalMetrics: { ...f.evalMetrics, extra: 1 },
      params: { ...f.params, note: "added in Modelgate" },
      gitCommit: f.gitCommit!,
      runUrl: f.runUrl!,
      modelCard: f.modelCard,
    };
    expect(versionPatch(plan, existing)).toBeNull();
    expect(versionPatch(plan, { ...existing, evalMetrics: { auc: 0.5, extra: 1 } })).toEqual({
      evalMetrics: { auc: 0.91 },
    });
    const moved = planVersion(mv, run, ["stable"], tracking);
    expect(Object.keys(versionPatch(moved, existing)!)).toEqual(["modelCard"]);
    expect(versionPatch(moved, { ...existing, modelCard: "# Our own card" })).toBeNull();
    // With the run gone, what was imported from it stays.
    const gone = planVersion({ ...mv, source: "s3://b/c/2" }, null, ["champion"], tracking);
    expect(Object.keys(versionPatch(gone, existing)!)).toEqual(["modelCard"]);
  });
});
