import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as pushMetrics } from "@/app/api/v1/deployments/[id]/metrics/route";
import { PATCH as labelPrediction } from "@/app/api/v1/deployments/[id]/predictions/[predictionId]/route";
import { POST as pushPredictions } from "@/app/api/v1/deployments/[id]/predictions/route";
import { POST as exportOtlp } from "@/app/api/v1/otlp/v1/metrics/route";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/permissions";
import { createToken } from "@/lib/services/tokens";
import { makeTarget, promotableVersion } from "@/lib/testing/fixtures";

// Point 8 of issue 14: an ingest token can be narrowed to some deployments, or to a model's
// deployments; any other ingestion write is 403, through every ingestion route.

async function deploymentOf(modelId: string, versionId: string) {
  const target = await makeTarget("staging", 0);
  return db.deployment.create({
    data: { modelId, versionId, targetId: target.id, status: "active" },
  });
}

let editor: Principal;
let modelA: { slug: string; modelId: string };
let a1: string;
let a2: string;
let b1: string;

beforeAll(async () => {
  const a = await promotableVersion();
  editor = a.editor;
  const b = await promotableVersion(editor);
  modelA = { slug: a.slug, modelId: a.modelId };
  a1 = (await deploymentOf(a.modelId, a.versionId)).id;
  a2 = (await deploymentOf(a.modelId, a.versionId)).id;
  b1 = (await deploymentOf(b.modelId, b.versionId)).id;
});

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const request = (path: string, token: string, body: unknown, method = "POST") =>
  new NextRequest(`http://localhost${path}`, {
    method,
    body: JSON.stringify(body),
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });

const metrics = (token: string, id: string) =>
  pushMetrics(
    request(`/api/v1/deployments/${id}/metrics`, token, { points: [{ name: "qps", value: 1 }] }),
    ctx({ id }),
  );
const predictions = (token: string, id: string) =>
  pushPredictions(
    request(`/api/v1/deployments/${id}/predictions`, token, {
      records: [{ id: "p1", features: { x: 1 }, prediction: 1 }],
    }),
    ctx({ id }),
  );
const label = (token: string, id: string) =>
  labelPrediction(
    request(`/api/v1/deployments/${id}/predictions/p1`, token, { label: 1 }, "PATCH"),
    ctx({ id, predictionId: "p1" }),
  );
const otlp = (token: string, id: string) =>
  exportOtlp(
    request("/api/v1/otlp/v1/metrics", token, {
      resourceMetrics: [
        {
          resource: {
            attributes: [{ key: "modelgate.deployment.id", value: { stringValue: id } }],
          },
          scopeMetrics: [{ metrics: [{ name: "q", gauge: { dataPoints: [{ asInt: "3" }] } }] }],
        },
      ],
    }),
    ctx({}),
  );

describe("ingest tokens narrowed to deployments or a model (PostgreSQL)", () => {
  it("writes to its own deployment and gets 403 for any other, on every ingestion route", async () => {
    const created = await createToken(editor, {
      name: "scorer-a1",
      scopes: ["ingest"],
      deploymentIds: [a1],
    });
    expect(created).toMatchObject({ deploymentIds: [a1], model: null });
    const { token } = created;

    expect((await metrics(token, a1)).status).toBe(202);
    expect((await predictions(token, a1)).status).toBe(202);
    expect((await label(token, a1)).status).toBe(200);
    expect((await otlp(token, a1)).status).toBe(200);

    for (const res of [
      await metrics(token, a2),
      await predictions(token, b1),
      await label(token, b1),
      await otlp(token, b1),
    ]) {
      expect(res.status).toBe(403);
      expect((await res.json()).detail).toMatch(/token may not write to deployment/);
    }
    // An unknown deployment is 403 as well, not 404: the narrowed token learns nothing.
    expect((await metrics(token, "no-such-deployment")).status).toBe(403);
    expect(await db.metricPoint.count({ where: { deploymentId: { in: [a2, b1] } } })).toBe(0);
  });

  it("narrowed to a model, writes to that model's deployments only", async () => {
    const { token, model } = await createToken(editor, {
      name: "model-a",
      scopes: ["ingest"],
      model: modelA.slug,
    });
    expect(model).toEqual({ id: modelA.modelId, slug: modelA.slug });
    expect((await metrics(token, a2)).status).toBe(202);
    expect((await otlp(token, a2)).status).toBe(200);
    expect((await metrics(token, b1)).status).toBe(403);
    expect((await otlp(token, b1)).status).toBe(403);
  });

  it("an unnarrowed token still writes anywhere", async () => {
    const { token, deploymentIds, model } = await createToken(editor, {
      name: "any",
      scopes: ["ingest"],
    });
    expect({ deploymentIds, model }).toEqual({ deploymentIds: [], model: null });
    expect((await metrics(token, b1)).status).toBe(202);
  });

  it("refuses unknown deployments and models at creation, listing each", async () => {
    const err = await createToken(editor, {
      name: "bad",
      scopes: ["ingest"],
      deploymentIds: [a1, "nope-1", "nope-2"],
      model: "no-such-model",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).options.errors).toEqual([
      { path: "deploymentIds.1", message: 'deployment "nope-1" does not exist' },
      { path: "deploymentIds.2", message: 'deployment "nope-2" does not exist' },
      { path: "model", message: 'model "no-such-model" does not exist' },
    ]);
  });

  it("refuses write, promote or admin scopes on a narrowed token: narrowing covers ingestion only", async () => {
    const err = await createToken(editor, {
      name: "wide",
      scopes: ["ingest", "write"],
      deploymentIds: [a1],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).options.errors).toEqual([
      {
        path: "scopes.1",
        message: 'a token narrowed to deployments or a model carries only "ingest" and "read"',
      },
    ]);
  });
});
