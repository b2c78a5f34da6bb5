import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from "@opentelemetry/sdk-metrics";
import { POST } from "@/app/api/v1/otlp/v1/metrics/route";
import { db } from "@/lib/db";
import { pool } from "@/lib/pg";
import { createToken } from "@/lib/services/tokens";
import { makeTarget, promotableVersion } from "@/lib/testing/fixtures";
import { histogramQuantile } from "./otlp";

// OTLP/HTTP metrics ingestion end to end: the official OpenTelemetry SDK and exporters (JSON and
// protobuf) send to the real route handler (behind a tiny node:http server), which writes to the
// real test database. Hand-built requests cover the refusals.

const PATH = "/api/v1/otlp/v1/metrics";

async function makeDeployment() {
  const { modelId, versionId } = await promotableVersion();
  const target = await makeTarget("staging", 0);
  return db.deployment.create({
    data: { modelId, versionId, targetId: target.id, status: "active" },
  });
}

async function storedPoints(deploymentId: string) {
  const { rows } = await pool().query<{ name: string; value: number; ts: Date }>(
    `SELECT name, value, ts FROM metric_points WHERE deployment_id = $1 ORDER BY name, ts`,
    [deploymentId],
  );
  return rows;
}

/** What the exporters sent, to check the encodings really used. */
const received: { contentType?: string; contentEncoding?: string; status: number }[] = [];

/** Forward node:http requests into the Next.js route handler, as `next start` would. */
function startServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === "string") headers.set(k, v);
        const body = Buffer.concat(chunks);
        const request = new NextRequest(`http://${req.headers.host}${req.url}`, {
          method: req.method,
          headers,
          body: body.length ? body : undefined,
        });
        const response = await POST(request, { params: Promise.resolve({}) });
        received.push({
          contentType: req.headers["content-type"],
          contentEncoding: req.headers["content-encoding"],
          status: response.status,
        });
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (e) {
        res.writeHead(500);
        res.end(String(e));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let server: Server;
let baseUrl: string;
let token: string;

beforeAll(async () => {
  server = await startServer();
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { editor } = await promotableVersion();
  token = (await createToken(editor, { name: "otel", scopes: ["ingest"] })).token;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Record a gauge, a counter and a histogram with the real SDK, and flush through `exporter`. */
async function exportWithSdk(deploymentId: string, exporter: PushMetricExporter) {
  received.length = 0;
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      "modelgate.deployment.id": deploymentId,
      "service.name": "scorer",
    }),
    readers: [reader],
  });
  const meter = provider.getMeter("otlp-test");
  meter.createGauge("model.queue_depth").record(7);
  const requests = meter.createCounter("model.requests");
  requests.add(3);
  requests.add(2);
  const duration = meter.createHistogram("http.server.duration", { unit: "ms" });
  for (const v of [3, 7, 40, 120]) duration.record(v);
  await provider.forceFlush();
  await provider.shutdown();
  return received.slice();
}

function expectSdkPoints(rows: { name: string; value: number; ts: Date }[]) {
  const byName = Object.fromEntries(rows.map((r) => [r.name, r.value]));
  // Default SDK bucket bounds: 0, 5, 10, 25, 50, 75, 100, 250, … ; min 3, max 120.
  // p50: rank 2 ends in (5, 10] → 10. p95: rank 3.8 in (100, 250] narrowed to (100, 120] → 116.
  expect(byName).toEqual({
    "model.queue_depth": 7,
    "model.requests": 5,
    "http.server.duration": 42.5,
    "http.server.duration.count": 4,
    "http.server.duration.sum": 170,
    "http.server.duration.p50": 10,
    "http.server.duration.p95": expect.closeTo(116, 9),
    "http.server.duration.p99": expect.closeTo(119.2, 9),
  });
  for (const r of rows) expect(Math.abs(r.ts.getTime() - Date.now())).toBeLessThan(60_000);
}

function post(body: BodyInit, headers: Record<string, string>) {
  const req = new NextRequest(`http://localhost${PATH}`, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return POST(req, { params: Promise.resolve({}) });
}

const nowNanos = () => `${BigInt(Date.now()) * 1_000_000n}`;

function gaugeRequest(resourceAttributes: unknown[], metric: Record<string, unknown> = {}) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: resourceAttributes },
        scopeMetrics: [
          {
            scope: { name: "hand" },
            metrics: [
              {
                name: "queue.depth",
                gauge: { dataPoints: [{ timeUnixNano: nowNanos(), asInt: "4" }] },
                ...metric,
              },
            ],
          },
        ],
      },
    ],
  };
}

const deploymentAttr = (id: string) => ({
  key: "modelgate.deployment.id",
  value: { stringValue: id },
});

describe("histogramQuantile", () => {
  // Bounds 10, 20, 50 → buckets (-∞,10] (10,20] (20,50] (50,+∞) holding 2, 4, 3, 1 values (10 in all).
  const h = { explicitBounds: [10, 20, 50], bucketCounts: [2, 4, 3, 1] };

  it("interpolates linearly inside the bucket that holds the rank", () => {
    // p50: rank 5; 2 values before (10,20], 3 of its 4 → 10 + 10 · 3/4.
    expect(histogramQuantile(0.5, h)).toBe(17.5);
    // p80: rank 8; 6 before (20,50], 2 of its 3 → 20 + 30 · 2/3.
    expect(histogramQuantile(0.8, h)).toBeCloseTo(40, 10);
  });

  it("closes the open-ended buckets with min and max, or falls back to 0 and the last bound", () => {
    // p95: rank 9.5, in (50,+∞): without max the last bound; with max 80 → 50 + 30 · 0.5/1.
    expect(histogramQuantile(0.95, h)).toBe(50);
    expect(histogramQuantile(0.95, { ...h, max: 80 })).toBe(65);
    expect(histogramQuantile(0.99, { ...h, max: 80 })).toBeCloseTo(77, 10);
    // p10: rank 1, in (-∞,10]: from 0 without min → 5; from min 4 → 4 + 6 · 1/2.
    expect(histogramQuantile(0.1, h)).toBe(5);
    expect(histogramQuantile(0.1, { ...h, min: 4 })).toBe(7);
    // min/max narrow inner buckets too: (10,20] with max 16 → 10 + 6 · 3/4.
    expect(histogramQuantile(0.5, { ...h, max: 16 })).toBe(14.5);
  });

  it("returns null for an empty or inconsistent histogram", () => {
    expect(histogramQuantile(0.5, { explicitBounds: [1], bucketCounts: [0, 0] })).toBeNull();
    expect(histogramQuantile(0.5, { explicitBounds: [1, 2], bucketCounts: [1, 1] })).toBeNull();
    expect(histogramQuantile(0.5, { explicitBounds: [], bucketCounts: [3] })).toBeNull();
    expect(histogramQuantile(0.5, { explicitBounds: [], bucketCounts: [3], min: 1, max: 3 })).toBe(
      2,
    );
  });
});

describe("POST /api/v1/otlp/v1/metrics (PostgreSQL)", () => {
  it("stores what the OpenTelemetry SDK exports over OTLP/HTTP JSON", async () => {
    const deployment = await makeDeployment();
    const exporter = new JsonMetricExporter({
      url: `${baseUrl}${PATH}`,
      headers: { Authorization: `Bearer ${token}` },
    });
    const sent = await exportWithSdk(deployment.id, exporter);
    expect(sent[0]).toMatchObject({ contentType: "application/json", status: 200 });
    expectSdkPoints(await storedPoints(deployment.id));
  });

  it("stores what the OpenTelemetry SDK exports over OTLP/HTTP protobuf, gzip-compressed", async () => {
    const deployment = await makeDeployment();
    const exporter = new ProtoMetricExporter({
      url: `${baseUrl}${PATH}`,
      headers: { Authorization: `Bearer ${token}` },
      compression: "gzip" as NonNullable<
        ConstructorParameters<typeof ProtoMetricExporter>[0]
      >["compression"],
    });
    const sent = await exportWithSdk(deployment.id, exporter);
    expect(sent[0]).toMatchObject({
      contentType: "application/x-protobuf",
      contentEncoding: "gzip",
      status: 200,
    });
    expectSdkPoints(await storedPoints(deployment.id));
  });

  it("answers {} for JSON and an empty protobuf body for protobuf, and accepts gzip JSON", async () => {
    const deployment = await makeDeployment();
    const body = gzipSync(JSON.stringify(gaugeRequest([deploymentAttr(deployment.id)])));
    const res = await post(body, {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({});
    expect((await storedPoints(deployment.id)).map((p) => [p.name, p.value])).toEqual([
      ["queue.depth", 4],
    ]);

    const empty = await post(new Uint8Array(0), { "content-type": "application/x-protobuf" });
    expect(empty.status).toBe(200);
    expect(empty.headers.get("content-type")).toBe("application/x-protobuf");
    expect((await empty.arrayBuffer()).byteLength).toBe(0);
  });

  it("refuses the whole request when a ResourceMetrics lacks the deployment attribute, storing nothing", async () => {
    const deployment = await makeDeployment();
    const good = gaugeRequest([deploymentAttr(deployment.id)]).resourceMetrics[0];
    const missing = gaugeRequest([{ key: "service.name", value: { stringValue: "x" } }])
      .resourceMetrics[0];
    const res = await post(JSON.stringify({ resourceMetrics: [good, missing] }), {
      "content-type": "application/json",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = await res.json();
    expect(problem.errors).toEqual([
      {
        path: "resourceMetrics.1.resource.attributes",
        message: expect.stringContaining("modelgate.deployment.id"),
      },
    ]);
    expect(await storedPoints(deployment.id)).toEqual([]);
  });

  it("refuses an unknown deployment and lists every invalid field, storing nothing", async () => {
    const deployment = await makeDeployment();
    const future = `${BigInt(Date.now() + 3 * 86_400_000) * 1_000_000n}`;
    const request = {
      resourceMetrics: [
        gaugeRequest([deploymentAttr("no-such-deployment")]).resourceMetrics[0],
        {
          resource: { attributes: [deploymentAttr(deployment.id)] },
          scopeMetrics: [
            {
              metrics: [
                { name: "ok", gauge: { dataPoints: [{ timeUnixNano: nowNanos(), asDouble: 1 }] } },
                {
                  name: "bad name!",
                  gauge: { dataPoints: [{ timeUnixNano: nowNanos(), asDouble: 1 }] },
                },
              ],
            },
            {
              metrics: [
                {
                  name: "a",
                  sum: {
                    dataPoints: [{ timeUnixNano: nowNanos(), asDouble: "NaN" }],
                    aggregationTemporality: 2,
                    isMonotonic: true,
                  },
                },
                { name: "b", gauge: { dataPoints: [{ timeUnixNano: future, asDouble: 2 }] } },
                {
                  name: "h",
                  histogram: {
                    dataPoints: [
                      {
                        timeUnixNano: nowNanos(),
                        count: "3",
                        sum: 1,
                        bucketCounts: ["1", "2"],
                        explicitBounds: [],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await post(JSON.stringify(request), { "content-type": "application/json" });
    expect(res.status).toBe(400);
    const { errors } = await res.json();
    expect(errors.map((e: { path: string }) => e.path).sort()).toEqual(
      [
        "resourceMetrics.0.resource.attributes.0.value.stringValue",
        "resourceMetrics.1.scopeMetrics.0.metrics.1.name",
        "resourceMetrics.1.scopeMetrics.1.metrics.0.sum.dataPoints.0.asDouble",
        "resourceMetrics.1.scopeMetrics.1.metrics.1.gauge.dataPoints.0.timeUnixNano",
        "resourceMetrics.1.scopeMetrics.1.metrics.2.histogram.dataPoints.0.bucketCounts",
      ].sort(),
    );
    expect(errors.find((e: { path: string }) => e.path.endsWith("stringValue")).message).toContain(
      "no-such-deployment",
    );
    expect(await storedPoints(deployment.id)).toEqual([]);
  });

  it("answers 400 for malformed bodies, 415 for other content types and 401 without a token", async () => {
    const garbage = await post(new Uint8Array([0x0a, 0xff, 0xff, 0xff]), {
      "content-type": "application/x-protobuf",
    });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).detail).toMatch(/Malformed protobuf/);
    const badJson = await post("{", { "content-type": "application/json" });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).detail).toMatch(/Malformed JSON/);
    const badGzip = await post("not gzip", {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(badGzip.status).toBe(400);
    expect((await post("{}", { "content-type": "text/plain" })).status).toBe(415);
    const anonymous = await POST(
      new NextRequest(`http://localhost${PATH}`, {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/json" },
      }),
      {
        params: Promise.resolve({}),
      },
    );
    expect(anonymous.status).toBe(401);
  });
});
