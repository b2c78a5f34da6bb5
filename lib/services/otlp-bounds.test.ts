import { gzipSync } from "node:zlib";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as pushMetrics } from "@/app/api/v1/deployments/[id]/metrics/route";
import { POST } from "@/app/api/v1/otlp/v1/metrics/route";
import { createToken } from "@/lib/services/tokens";
import { costOf } from "@/lib/testing/event-loop";
import { promotableVersion } from "@/lib/testing/fixtures";
import { protobufField as field } from "@/lib/testing/protobuf";

// Point 1 of issue 14: one small OTLP request must not stall the server. The work is bounded
// before it is done: gzip stops at the inflated limit, the protobuf is counted before it is
// decoded, and a refusal lists at most 100 problems.

const PATH = "/api/v1/otlp/v1/metrics";
let token: string;

beforeAll(async () => {
  const { editor } = await promotableVersion();
  token = (await createToken(editor, { name: "otel-bounds", scopes: ["ingest"] })).token;
});

function post(body: BodyInit, headers: Record<string, string>) {
  const req = new NextRequest(`http://localhost${PATH}`, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return POST(req, { params: Promise.resolve({}) });
}

/** One resource → one scope → one gauge metric with `count` empty data points. */
function manyDataPoints(count: number): Buffer {
  const gauge = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) gauge[i * 2] = 0x0a;
  const metric = Buffer.concat([field(1, Buffer.from("m")), field(5, gauge)]);
  return field(1, field(2, field(2, metric)));
}

describe("OTLP bounds", () => {
  it("answers the 4 KB gzip bomb of empty ResourceMetrics with 413 at a cost of milliseconds, not seconds", async () => {
    // `0a 00` (an empty ResourceMetrics) repeated to 4 MiB: about 4 KB once gzipped.
    const inflated = Buffer.alloc(4 * 1024 * 1024);
    for (let i = 0; i < inflated.length; i += 2) inflated[i] = 0x0a;
    const bomb = gzipSync(inflated, { level: 9 });
    expect(bomb.length).toBeLessThan(8 * 1024);
    // Warm-up: a process's first OTLP request builds the protobuf types and compiles the code
    // paths; the bound below is about the bomb, not about start-up.
    expect(
      (await post(new Uint8Array(0), { "content-type": "application/x-protobuf" })).status,
    ).toBe(200);

    // Before the fix this request cost seconds of CPU and gigabytes of heap, and held the loop
    // for all of it; bounded, it costs a few milliseconds (a streaming inflate that stops at
    // the cap, and a count that stops at OTLP_MAX_RESOURCES). Measured in CPU time, which a
    // busy 2-core machine does not inflate; wall time and the longest stall are printed by
    // `npm run bench otlp` (goals: < 1 s, < 100 ms).
    const { result: res, cpuMs } = await costOf(() =>
      post(bomb, { "content-type": "application/x-protobuf", "content-encoding": "gzip" }),
    );
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/OTLP_MAX_RESOURCES.*1000/);
    expect(cpuMs).toBeLessThan(1000);
  });

  it("refuses a JSON body of millions of empty objects before parsing it, at a cost of milliseconds", async () => {
    // 16 MiB of `{}`: JSON.parse cannot be stopped part way, so the objects are counted first.
    // Encoded before measuring: the test's own 16 MiB string is not the server's work.
    const body = new TextEncoder().encode(`{"resourceMetrics":[{}${",{}".repeat(5_000_000)}]}`);
    const { result: res, cpuMs } = await costOf(() =>
      post(body, { "content-type": "application/json" }),
    );
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/more than 1000000 JSON objects and arrays/);
    // Counting is one pass over the bytes (tens of milliseconds); parsing 5 million objects
    // would cost seconds.
    expect(cpuMs).toBeLessThan(1000);
  });

  it("refuses a gzip body that inflates past the limit with 413 naming the limit", async () => {
    const inflated = Buffer.alloc(17 * 1024 * 1024, 0x20); // past the 16 MiB default
    const res = await post(gzipSync(inflated), {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/decompressed body is larger than 16777216 bytes/);
  });

  it("refuses more data points than OTLP_MAX_DATA_POINTS with 413 naming the limit, in protobuf and JSON", async () => {
    const proto = await post(new Uint8Array(manyDataPoints(100_001)), {
      "content-type": "application/x-protobuf",
    });
    expect(proto.status).toBe(413);
    expect((await proto.json()).detail).toMatch(/OTLP_MAX_DATA_POINTS.*100000/);

    const json = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: "m", gauge: { dataPoints: Array.from({ length: 100_001 }, () => ({})) } },
              ],
            },
          ],
        },
      ],
    };
    const res = await post(JSON.stringify(json), { "content-type": "application/json" });
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/OTLP_MAX_DATA_POINTS.*100000/);
  });

  it("lists at most the first 100 problems and says how many more there were", async () => {
    const json = {
      resourceMetrics: Array.from({ length: 150 }, () => ({ resource: { attributes: [] } })),
    };
    const res = await post(JSON.stringify(json), { "content-type": "application/json" });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors).toHaveLength(100);
    expect(body.detail).toMatch(/150 invalid fields.*first 100 listed, 50 more/);
  });

  it("a metrics batch with 150 invalid points lists the first 100 problems and says how many more", async () => {
    const id = "any-deployment";
    const res = await pushMetrics(
      new NextRequest(`http://localhost/api/v1/deployments/${id}/metrics`, {
        method: "POST",
        body: JSON.stringify({
          points: Array.from({ length: 150 }, () => ({ name: "m", value: "x" })),
        }),
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      }),
      { params: Promise.resolve({ id }) },
    );
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors).toHaveLength(100);
    expect(body.errors[99].path).toBe("points.99.value");
    expect(body.detail).toBe("150 invalid fields (first 100 listed, 50 more)");
  });
});
