import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as comparison } from "@/app/api/v1/models/[slug]/targets/[target]/comparison/route";
import {
  GET as readMetrics,
  POST as pushMetrics,
} from "@/app/api/v1/models/[slug]/targets/[target]/metrics/route";
import { PATCH as labelPrediction } from "@/app/api/v1/models/[slug]/targets/[target]/predictions/[predictionId]/route";
import { POST as pushPredictions } from "@/app/api/v1/models/[slug]/targets/[target]/predictions/route";
import { GET as getEndpoint } from "@/app/api/v1/models/[slug]/targets/[target]/route";
import { POST as exportOtlp } from "@/app/api/v1/otlp/v1/metrics/route";
import { db } from "@/lib/db";
import type { Principal } from "@/lib/permissions";
import { makeTarget, promotableVersion } from "@/lib/testing/fixtures";
import { actorOf } from "./audit";
import { assignReleases, type Release } from "./endpoints";
import { createToken } from "./tokens";
import { registerVersion } from "./versions";

// Monitoring follows the endpoint (issue 16): a model server pushes to its model on its target
// and needs no change when a release replaces the version behind it.

const T0 = Date.parse("2026-11-20T12:00:00Z");
const H = 3_600_000;
const rel = (deploymentId: string, version: number, from: number, to: number | null): Release => ({
  deploymentId,
  version,
  status: to === null ? "active" : "superseded",
  activatedAt: new Date(from),
  endedAt: to === null ? null : new Date(to),
  rollback: false,
});

describe("placing an endpoint's records on releases (pure)", () => {
  const endpoint = {
    model: "churn",
    target: "prod",
    releases: [rel("d1", 1, T0, T0 + 2 * H), rel("d2", 2, T0 + 2 * H, null)],
  };

  it("puts a record on the version running at its time, or on the version it names", () => {
    const { ids, issues } = assignReleases(
      endpoint,
      [
        { ts: T0 + H },
        { ts: T0 + 2 * H }, // the instant of the release belongs to the new version
        { ts: T0 + 3 * H },
        { ts: T0 + 3 * H, version: 1 }, // v1's server still draining after the release
        { ts: T0 + H, version: 1 },
      ],
      "points",
    );
    expect(issues).toEqual([]);
    expect(ids).toEqual(["d1", "d2", "d2", "d1", "d1"]);
  });

  it("lists every record it cannot place, with why", () => {
    const { issues } = assignReleases(
      endpoint,
      [{ ts: T0 - 1 }, { ts: T0 + H, version: 2 }, { ts: T0 + H, version: 7 }],
      "records",
    );
    expect(issues).toEqual([
      {
        path: "records.0.ts",
        message: "no version of churn on prod was running at 2026-11-20T11:59:59.999Z",
      },
      {
        path: "records.1.version",
        message: "version 2 of churn on prod was not running yet at 2026-11-20T13:00:00.000Z",
      },
      { path: "records.2.version", message: "version 7 has never run on prod" },
    ]);
  });

  it("refuses a record without a version while two versions run (a canary)", () => {
    const canary = { ...endpoint, releases: [rel("d1", 1, T0, null), rel("d2", 2, T0 + H, null)] };
    const { ids, issues } = assignReleases(
      canary,
      [{ ts: T0 + 2 * H }, { ts: T0 + 2 * H, version: 2 }, { ts: T0 + 30 * 60_000 }],
      "points",
    );
    expect(issues).toEqual([
      {
        path: "points.0.version",
        message:
          "versions 1 and 2 both run on prod at 2026-11-20T14:00:00.000Z (a canary): say which version this is",
      },
    ]);
    expect(ids[1]).toBe("d2");
    expect(ids[2]).toBe("d1");
  });
});

// Over the route handlers and PostgreSQL: a release in the past (v1, then v2 since an hour ago).
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const call = (
  handler: (req: NextRequest, c: ReturnType<typeof ctx>) => Promise<Response>,
  {
    path,
    token,
    body,
    method = "POST",
    params,
  }: {
    path: string;
    token: string;
    body?: unknown;
    method?: string;
    params: Record<string, string>;
  },
) =>
  handler(
    new NextRequest(`http://localhost${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    }),
    ctx(params),
  );

let slug: string;
let target: string;
let d1: string;
let d2: string;
let token: string;
let editor: Principal;
const now = Date.now();
const iso = (t: number) => new Date(t).toISOString();

beforeAll(async () => {
  const v = await promotableVersion();
  editor = v.editor;
  slug = v.slug;
  const t = await makeTarget("production", 0);
  target = t.slug;
  const v2 = await registerVersion(actorOf(editor), slug, { artifactUri: `s3://m/${slug}/2` });
  d1 = (
    await db.deployment.create({
      data: {
        ...{ modelId: v.modelId, versionId: v.versionId, targetId: t.id },
        ...{ status: "superseded", activatedAt: new Date(now - 3 * H), endedAt: new Date(now - H) },
      },
    })
  ).id;
  d2 = (
    await db.deployment.create({
      data: {
        ...{ modelId: v.modelId, versionId: v2.id, targetId: t.id, previousId: d1 },
        ...{ status: "active", activatedAt: new Date(now - H) },
      },
    })
  ).id;
  token = (await createToken(editor, { name: "server", scopes: ["ingest", "read"] })).token;
});

const endpointPath = () => `/api/v1/models/${slug}/targets/${target}`;
const params = () => ({ slug, target });

describe("an endpoint across a release (HTTP handlers, PostgreSQL)", () => {
  it("stores each point on the release that ran it and reads one series across both", async () => {
    const res = await call(pushMetrics, {
      path: `${endpointPath()}/metrics`,
      token,
      params: params(),
      body: {
        points: [
          { name: "latency_ms", value: 40, ts: iso(now - 2 * H) },
          { name: "latency_ms", value: 60, ts: iso(now - 30 * 60_000) },
          { name: "latency_ms", value: 70 },
          { name: "latency_ms", value: 45, ts: iso(now - 20 * 60_000), version: 1 },
        ],
      },
    });
    expect(res.status).toBe(202);
    const stored = await db.$queryRaw<{ deployment_id: string; value: number }[]>`
      SELECT deployment_id, value FROM metric_points WHERE deployment_id IN (${d1}, ${d2}) ORDER BY value`;
    expect(stored.map((p) => [p.deployment_id, p.value])).toEqual([
      [d1, 40],
      [d1, 45],
      [d2, 60],
      [d2, 70],
    ]);

    const series = await call(readMetrics, {
      path: `${endpointPath()}/metrics?name=latency_ms&range=6h&buckets=6`,
      token,
      method: "GET",
      params: params(),
    });
    const body = (await series.json()) as { points: { count: number }[] };
    expect(body.points.reduce((n, p) => n + p.count, 0)).toBe(4);

    const info = await call(getEndpoint, {
      path: endpointPath(),
      token,
      method: "GET",
      params: params(),
    });
    expect(await info.json()).toMatchObject({
      running: [{ deploymentId: d2, version: 2 }],
      releases: [
        { deploymentId: d1, version: 1, status: "superseded" },
        { deploymentId: d2, version: 2, status: "active" },
      ],
    });
  });

  it("refuses the whole batch, listing every record it cannot place, and stores nothing", async () => {
    const res = await call(pushMetrics, {
      path: `${endpointPath()}/metrics`,
      token,
      params: params(),
      body: {
        points: [
          { name: "refused", value: 1 },
          { name: "refused", value: 1, ts: iso(now - 5 * H) },
          { name: "refused", value: 1, version: 9 },
        ],
      },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(["points.1.ts", "points.2.version"]);
    const [{ n }] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM metric_points WHERE name = 'refused' AND deployment_id IN (${d1}, ${d2})`;
    expect(n).toBe(0);
  });

  it("takes predictions and their late labels by endpoint", async () => {
    const res = await call(pushPredictions, {
      path: `${endpointPath()}/predictions`,
      token,
      params: params(),
      body: {
        records: [
          { id: "old", ts: iso(now - 2 * H), features: { x: 1 }, prediction: 1, latencyMs: 9 },
          { id: "new", features: { x: 2 }, prediction: 0, latencyMs: 11 },
        ],
      },
    });
    expect(res.status).toBe(202);
    const labelled = await call(labelPrediction, {
      path: `${endpointPath()}/predictions/old`,
      token,
      method: "PATCH",
      params: { ...params(), predictionId: "old" },
      body: { label: 1 },
    });
    expect(labelled.status).toBe(200);
    expect(await labelled.json()).toMatchObject({ deploymentId: d1, correct: true });
    const rows = await db.prediction.findMany({
      where: { deploymentId: { in: [d1, d2] } },
      select: { id: true, deploymentId: true },
      orderBy: { id: "asc" },
    });
    expect(rows).toEqual([
      { id: "new", deploymentId: d2 },
      { id: "old", deploymentId: d1 },
    ]);
  });

  it("takes OTLP metrics naming the model and the target, and service.version", async () => {
    const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const res = await call(exportOtlp, {
      path: "/api/v1/otlp/v1/metrics",
      token,
      params: {},
      body: {
        resourceMetrics: [
          {
            resource: {
              attributes: [attr("modelgate.model", slug), attr("modelgate.target", target)],
            },
            scopeMetrics: [
              { metrics: [{ name: "otlp_now", gauge: { dataPoints: [{ asDouble: 1 }] } }] },
            ],
          },
          {
            resource: {
              attributes: [
                ...[attr("modelgate.model", slug), attr("modelgate.target", target)],
                attr("service.version", "v1"),
              ],
            },
            scopeMetrics: [
              { metrics: [{ name: "otlp_v1", gauge: { dataPoints: [{ asDouble: 1 }] } }] },
            ],
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    const stored = await db.$queryRaw<{ name: string; deployment_id: string }[]>`
      SELECT name, deployment_id FROM metric_points WHERE name LIKE 'otlp_%' AND deployment_id IN (${d1}, ${d2}) ORDER BY name`;
    expect(stored.map((p) => [p.name, p.deployment_id])).toEqual([
      ["otlp_now", d2],
      ["otlp_v1", d1],
    ]);
  });

  it("compares the week before a release with the time since", async () => {
    const res = await call(comparison, {
      path: `${endpointPath()}/comparison?deployment=${d2}`,
      token,
      method: "GET",
      params: params(),
    });
    const body = (await res.json()) as Record<string, Record<string, unknown>>;
    expect(body.previousVersion).toBe(1);
    // latency_ms: v1 had 40 before the release (45 came after it, drained from v1's server).
    expect(body.before).toMatchObject({ latencyP95: 40, requests: 1, accuracy: 1, labeled: 1 });
    expect(body.after).toMatchObject({ latencyP95: 70, requests: 1, labeled: 0, accuracy: null });
  });

  it("a token narrowed to one deployment writes only what lands on it; another model's token is refused before its body is read", async () => {
    const mine = (
      await createToken(editor, { name: "d1 only", scopes: ["ingest"], deploymentIds: [d1] })
    ).token;
    const old = await call(pushMetrics, {
      path: `${endpointPath()}/metrics`,
      token: mine,
      params: params(),
      body: { points: [{ name: "narrow", value: 1, version: 1, ts: iso(now - 2 * H) }] },
    });
    expect(old.status).toBe(202);
    const current = await call(pushMetrics, {
      path: `${endpointPath()}/metrics`,
      token: mine,
      params: params(),
      body: { points: [{ name: "narrow", value: 1 }] },
    });
    expect(current.status).toBe(403);

    const other = await promotableVersion(editor);
    const elsewhere = (
      await createToken(editor, { name: "other", scopes: ["ingest"], model: other.slug })
    ).token;
    const refused = await call(pushMetrics, {
      path: `${endpointPath()}/metrics`,
      token: elsewhere,
      params: params(),
      body: "not even json",
    });
    expect(refused.status).toBe(403);
  });
});
