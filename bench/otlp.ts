// OTLP worst cases (issue 14, point 1): what one request up to the body limit costs the server
// before any database work. For each body: wall time, heap growth and the longest event-loop
// stall while it is decoded (perf_hooks histogram, 10 ms resolution). Goal: < 1 s, < 100 ms lag.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { protobufField as field } from "@/lib/testing/protobuf";

process.env.DATABASE_URL ??= "postgresql://bench@127.0.0.1/unused"; // env() wants one; no query is made

async function measure(label: string, work: () => Promise<unknown>) {
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  // The histogram measures from its first tick on (and reset() loses the next stall on Node 20).
  await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  let outcome = "ok";
  try {
    await work();
  } catch (e) {
    outcome = `${(e as { code?: string }).code ?? "error"}: ${(e as Error).message.slice(0, 70)}`;
  }
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 30)); // let the histogram see the last stall
  lag.disable();
  const heapMiB = (process.memoryUsage().heapUsed - heap) / 1048576;
  console.log(
    `${label.padEnd(46)} ${ms.toFixed(0).padStart(5)} ms  heap ${heapMiB >= 0 ? "+" : ""}${heapMiB.toFixed(1).padStart(6)} MiB  max lag ${(lag.max / 1e6).toFixed(0).padStart(4)} ms  → ${outcome}`,
  );
}

export async function main() {
  const { parseOtlpBody, pointsFromOtlp } = await import("../lib/services/otlp");
  const { decodeContentEncoding } = await import("../lib/http/content-encoding");
  const limit = 16 * 1024 * 1024;
  const run = async (raw: Buffer, format: "json" | "protobuf", encoding: string | null) =>
    pointsFromOtlp(await parseOtlpBody(await decodeContentEncoding(raw, encoding, limit), format));

  const empties = Buffer.alloc(4 * 1024 * 1024);
  for (let i = 0; i < empties.length; i += 2) empties[i] = 0x0a;
  const bomb = gzipSync(empties, { level: 9 });
  await measure(`gzip bomb: ${bomb.length} B → 4 MiB of empty ResourceMetrics`, () =>
    run(bomb, "protobuf", "gzip"),
  );

  const past = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
  await measure(`gzip bomb: ${past.length} B → 64 MiB (past the limit)`, () =>
    run(past, "json", "gzip"),
  );

  // The largest request accepted: 100,000 gauge data points (one resource, one metric).
  const now = BigInt(Date.now()) * 1_000_000n;
  const dp = Buffer.concat([
    Buffer.from([0x19]),
    Buffer.alloc(8),
    Buffer.from([0x21]),
    Buffer.alloc(8),
  ]);
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64LE(now);
  ts.copy(dp, 1);
  const gauge = Buffer.concat(Array.from({ length: 100_000 }, () => field(1, dp)));
  const attr = field(
    1,
    Buffer.concat([
      field(1, Buffer.from("modelgate.deployment.id")),
      field(2, field(1, Buffer.from("d1"))),
    ]),
  );
  const full = field(
    1,
    Buffer.concat([
      field(1, attr),
      field(2, field(2, Buffer.concat([field(1, Buffer.from("m")), field(5, gauge)]))),
    ]),
  );
  await measure(`100,000 gauge points, protobuf (${(full.length / 1048576).toFixed(1)} MiB)`, () =>
    run(full, "protobuf", null),
  );

  // A JSON body at the limit made of empty objects: JSON.parse cannot be stopped part way.
  const objects = Buffer.from(
    `{"resourceMetrics":[{}${",{}".repeat(Math.floor((limit - 40) / 3))}]}`,
  );
  await measure(`JSON: 16 MiB of empty ResourceMetrics`, () => run(objects, "json", null));

  // The most objects a JSON body may hold: parsed whole, then refused by the resource count.
  const most = Buffer.from(`{"resourceMetrics":[{}${",{}".repeat(999_988)}]}`);
  await measure(`JSON: 999,989 empty ResourceMetrics (under the object cap)`, () =>
    run(most, "json", null),
  );

  // The largest JSON request accepted: 100,000 gauge data points.
  const dps = Array.from({ length: 100_000 }, (_, i) => ({
    timeUnixNano: `${now + BigInt(i)}`,
    asDouble: i,
  }));
  const big = Buffer.from(
    JSON.stringify({
      resourceMetrics: [
        {
          resource: {
            attributes: [{ key: "modelgate.deployment.id", value: { stringValue: "d1" } }],
          },
          scopeMetrics: [{ metrics: [{ name: "m", gauge: { dataPoints: dps } }] }],
        },
      ],
    }),
  );
  await measure(`100,000 gauge points, JSON (${(big.length / 1048576).toFixed(1)} MiB)`, () =>
    run(big, "json", null),
  );
}
