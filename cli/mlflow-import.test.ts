import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as modelRoute from "@/app/api/v1/models/[slug]/route";
import * as versionRoute from "@/app/api/v1/models/[slug]/versions/[n]/route";
import * as versionsRoute from "@/app/api/v1/models/[slug]/versions/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import { getModel } from "@/lib/services/models";
import { listVersions } from "@/lib/services/versions";
import { createToken } from "@/lib/services/tokens";
import { db } from "@/lib/db";
import { makeTarget, makeUser, uid } from "@/lib/testing/fixtures";
import { FakeMlflow } from "./testing/fake-mlflow";

// `modelgate import mlflow` end to end inside Vitest: the CLI (bin/modelgate.mjs, a child
// process) reads the fake MLflow server and writes through the app's real route handlers
// (served by node:http here, since the suite has no built app) into the test database.
// The same flow against the running app is e2e/api/mlflow-import.spec.ts.

type Handler = (
  req: NextRequest,
  ctx: { params: Promise<Record<string, string>> },
) => Promise<Response>;
const routes: [RegExp, string[], Record<string, unknown>][] = [
  [/^\/api\/v1\/models$/, [], modelsRoute],
  [/^\/api\/v1\/models\/([^/]+)$/, ["slug"], modelRoute],
  [/^\/api\/v1\/models\/([^/]+)\/versions$/, ["slug"], versionsRoute],
  [/^\/api\/v1\/models\/([^/]+)\/versions\/([^/]+)$/, ["slug", "n"], versionRoute],
];

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

let app: Server;
let appUrl: string;
let token: string;
const fake = new FakeMlflow({ maxPageSize: 2 });
const bin = path.resolve(__dirname, "..", "bin", "modelgate.mjs");

beforeAll(async () => {
  token = (await createToken(await makeUser("editor"), { name: "t", scopes: ["read", "write"] }))
    .token;
  app = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    for (const [re, names, mod] of routes) {
      const m = re.exec(url.pathname);
      const handler = m && (mod[req.method ?? "GET"] as Handler | undefined);
      if (!m || !handler) continue;
      const body = req.method === "GET" ? undefined : new Uint8Array(await readBody(req));
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === "string") headers.set(k, v);
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
      const answer = await handler(new NextRequest(url, { method: req.method, headers, body }), {
        params: Promise.resolve(params),
      });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
      return;
    }
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ title: "Not Found", status: 404, detail: url.pathname }));
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  await fake.start();
});

afterAll(async () => {
  await fake.close();
  app.closeAllConnections();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    [bin, "import", "mlflow", "--tracking-uri", fake.url, ...args],
    {
      env: {
        ...process.env,
        MODELGATE_URL: appUrl,
        MODELGATE_TOKEN: token,
        MODELGATE_MAX_RETRIES: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("modelgate import mlflow", { timeout: 180_000 }, () => {
  const name = `Churn ${uid("m")}`;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");

  it("imports, re-imports unchanged, then updates only what changed", async () => {
    fake.addModel(name, { description: "who leaves", tags: { team: "growth" } });
    fake.addRun("run1", {
      metrics: [{ key: "auc", value: 0.81 }],
      params: { depth: "4" },
      tags: { "mlflow.source.git.commit": "abcdef1" },
    });
    fake.addRun("run2", {
      experimentId: "2",
      metrics: [
        { key: "auc", value: 0.86 },
        { key: "loss", value: 0.4, step: 3 },
      ],
    });
    fake.addVersion(name, { runId: "run1", stage: "Archived" });
    fake.addVersion(name, { runId: "run2", stage: "Production" });
    fake.addVersion(name, { runId: "deleted-run", source: `s3://ml/${slug}/3` });
    fake.setAlias(name, "champion", "2");

    const dry = await cli(["--model", name, "--dry-run"]);
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Versions: 3 to create, 0 to update, 0 unchanged, 0 failed/);
    await expect(getModel(slug)).rejects.toThrow();

    const first = await cli(["--model", name]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Models: 1 created, 0 updated, 0 unchanged, 0 failed/);
    expect(first.stdout).toMatch(/Versions: 3 created, 0 updated, 0 unchanged, 0 failed/);
    expect(first.stdout).toMatch(/run deleted-run no longer exists in MLflow/);
    const model = await getModel(slug);
    expect(model).toMatchObject({ name, description: "who leaves", tags: ["team:growth"] });
    const versions = (await listVersions(slug, { limit: 50 })).items.reverse();
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(versions[0]).toMatchObject({
      artifactUri: `${fake.url}/api/2.0/mlflow-artifacts/artifacts/1/run1/artifacts/model`,
      evalMetrics: { auc: 0.81 },
      gitCommit: "abcdef1",
      runUrl: `${fake.url}/#/experiments/1/runs/run1`,
      params: { depth: "4", "mlflow.version": "1", "mlflow.run_id": "run1" },
    });
    expect(versions[1].evalMetrics).toEqual({ auc: 0.86, loss: 0.4 });
    expect(versions[1].modelCard).toMatch(/Stage: Production[\s\S]*`champion`/);
    expect(versions[2]).toMatchObject({ artifactUri: `s3://ml/${slug}/3`, evalMetrics: {} });

    const again = await cli(["--model", name, "--json"]);
    expect(again.code, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout);
    expect(summary.totals.models).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(summary.totals.versions).toMatchObject({ created: 0, updated: 0, unchanged: 3 });

    fake.runs.get("run2")!.data.metrics.push({ key: "f1", value: 0.7, timestamp: 1, step: 0 });
    fake.addRun("run4", { metrics: [{ key: "auc", value: 0.9 }] });
    fake.addVersion(name, { runId: "run4" });
    const third = await cli(["--model", name, "--json"]);
    expect(third.code, third.stderr).toBe(0);
    const changed = JSON.parse(third.stdout);
    expect(changed.totals.versions).toMatchObject({ created: 1, updated: 1, unchanged: 2 });
    expect(changed.models[0].versions[1]).toMatchObject({
      mlflowVersion: "2",
      version: 2,
      action: "updated",
      changes: ["evalMetrics (f1)"],
    });
    expect(changed.models[0].versions[3]).toMatchObject({ version: 4, action: "created" });
    const v2 = (await listVersions(slug, { limit: 50 })).items.find((v) => v.version === 2)!;
    expect(v2.evalMetrics).toEqual({ auc: 0.86, loss: 0.4, f1: 0.7 });
  });

  it("fails (exit 1) for an unknown --model, and for a source Modelgate cannot store", async () => {
    const unknown = await cli(["--model", "no-such-model"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(/MLflow has no registered model named "no-such-model"/);

    const other = `dbfs ${uid("m")}`;
    fake.addModel(other);
    fake.addVersion(other, { source: "dbfs:/models/x" });
    const bad = await cli(["--model", other]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/dbfs:\/models\/x is not a location Modelgate can store/);
  });

  it("locates a models:/ source (MLflow 3 logged model) through get-download-uri", async () => {
    const llm = `LLM ${uid("m")}`;
    fake.addModel(llm);
    fake.addVersion(llm, { source: "models:/m-0a1b2c" });
    fake.downloadUris.set("models:/m-0a1b2c", "s3://ml/5/models/m-0a1b2c/artifacts");
    const r = await cli(["--model", llm]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const slug = llm.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const [v] = (await listVersions(slug, { limit: 5 })).items;
    expect(v.artifactUri).toBe("s3://ml/5/models/m-0a1b2c/artifacts");
  });

  it("skips, with a note, an update to a version that is approved (frozen)", async () => {
    const frozen = `Frozen ${uid("m")}`;
    const slug = frozen.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    fake.addModel(frozen);
    fake.addVersion(frozen, { source: `s3://ml/${slug}/1` });
    fake.addVersion(frozen, { source: `s3://ml/${slug}/2` });
    fake.setAlias(frozen, "champion", "1");
    const first = await cli(["--model", frozen]);
    expect(first.code, first.stdout + first.stderr).toBe(0);

    const [v1] = (await listVersions(slug, { limit: 5 })).items.filter((v) => v.version === 1);
    const approver = await makeUser("approver");
    const target = await makeTarget("production", 1);
    await db.promotionRequest.create({
      data: {
        versionId: v1.id,
        targetId: target.id,
        requestedById: approver.user.id,
        reason: "test",
        status: "approved",
        requiredApprovals: 1,
        environment: "production",
        gates: [],
        snapshotHash: "x",
        snapshot: {},
        originalSnapshot: {},
        originalSnapshotHash: "x",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    // Moving the alias changes both versions' notes; only version 2 may still change.
    fake.setAlias(frozen, "champion", "2");
    const r = await cli(["--model", frozen, "--json"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [model] = JSON.parse(r.stdout).models;
    expect(model.versions[0]).toMatchObject({ action: "skipped", version: 1 });
    expect(model.versions[0].warnings[0]).toMatch(/^not updated: Version 1 is approved/);
    expect(model.versions[1]).toMatchObject({ action: "updated", changes: ["modelCard"] });
  });

  it("exits 2 when MLflow cannot be reached", async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [bin, "import", "mlflow", "--tracking-uri", "http://127.0.0.1:9", "--timeout", "2"],
        {
          env: { ...process.env, MODELGATE_URL: appUrl, MODELGATE_TOKEN: token },
          stdio: ["ignore", "ignore", "pipe"],
        },
      );
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Could not reach MLflow at http:\/\/127.0.0.1:9/);
  });
});
