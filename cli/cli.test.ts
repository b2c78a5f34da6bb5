import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Api, retryDelay } from "./api";
import { ApiError, CliError } from "./errors";
import { LineParser, splitCsvLine } from "./commands/metrics";
import { canarySteps } from "./commands/promotions";
import { parseDuration } from "./ui";
import { CLI_VERSION } from "./main";
import cliPackage from "./package.json";
import appPackage from "../package.json";

// Pure parts of the CLI and its retry policy against a throwaway HTTP server.
// The end-to-end behaviour is covered by e2e/api/cli.spec.ts.

describe("parseDuration", () => {
  it("reads units, combinations and plain seconds", () => {
    expect(parseDuration("30m")).toBe(1_800_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("90")).toBe(90_000);
    expect(() => parseDuration("soon")).toThrow(CliError);
    expect(() => parseDuration("5x")).toThrow(CliError);
  });
});

describe("retryDelay", () => {
  it("honours Retry-After in seconds or as a date, capped at a minute", () => {
    expect(retryDelay(1, "3")).toBe(3000);
    expect(retryDelay(1, new Date(10_000).toUTCString(), 5_000)).toBe(5000);
    expect(retryDelay(1, "3600")).toBe(60_000);
  });
  it("backs off exponentially with jitter otherwise", () => {
    for (let i = 0; i < 20; i++) {
      expect(retryDelay(1, null)).toBeGreaterThanOrEqual(250);
      expect(retryDelay(1, null)).toBeLessThanOrEqual(500);
      expect(retryDelay(3, null)).toBeGreaterThanOrEqual(1000);
      expect(retryDelay(3, null)).toBeLessThanOrEqual(2000);
    }
  });
});

describe("metric lines", () => {
  it("splits quoted CSV cells", () => {
    expect(splitCsvLine('a, "b,c" ,"say ""hi"""')).toEqual(["a", "b,c", 'say "hi"']);
  });
  it("detects NDJSON, skips blank lines, converts epoch times", () => {
    const p = new LineParser();
    expect(p.parse("")).toBeNull();
    expect(p.parse('{"name":"lat","value":1.5,"ts":1767225600}')).toEqual({
      name: "lat",
      value: 1.5,
      ts: "2026-01-01T00:00:00.000Z",
    });
    expect(p.parse('{"name":"lat","value":2,"ts":1767225600000}')).toEqual({
      name: "lat",
      value: 2,
      ts: "2026-01-01T00:00:00.000Z",
    });
    expect(() => p.parse('{"name":"lat","value":"x"}')).toThrow(/finite number/);
    expect(() => p.parse("[1]")).toThrow(/JSON object/);
  });
  it("reads CSV by its header, in any column order", () => {
    const p = new LineParser();
    expect(p.parse("ts,value,name")).toBeNull();
    expect(p.parse("2026-01-01T00:00:00Z,3,lat")).toEqual({
      name: "lat",
      value: 3,
      ts: "2026-01-01T00:00:00Z",
    });
    expect(() => new LineParser("csv").parse("a,b")).toThrow(/header/);
  });
});

describe("Api retries", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function serve(
    answers: { status: number; headers?: Record<string, string>; body?: unknown }[],
  ) {
    const seen: { method: string; key?: string }[] = [];
    server = createServer((req, res) => {
      seen.push({ method: req.method!, key: req.headers["idempotency-key"] as string | undefined });
      const a = answers[Math.min(seen.length - 1, answers.length - 1)];
      res.writeHead(a.status, { "Content-Type": "application/json", ...a.headers });
      res.end(JSON.stringify(a.body ?? {}));
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    const delays: number[] = [];
    const api = new Api(url, "t", { maxRetries: 3, sleep: async (ms) => void delays.push(ms) });
    return { api, seen, delays };
  }

  it("retries a GET after 5xx and 429 (with Retry-After), then returns the answer", async () => {
    const { api, seen, delays } = await serve([
      { status: 503 },
      { status: 429, headers: { "Retry-After": "2" } },
      { status: 200, body: { ok: true } },
    ]);
    await expect(api.get("/x")).resolves.toEqual({ ok: true });
    expect(seen).toHaveLength(3);
    expect(delays[1]).toBe(2000);
  });

  it("does not repeat a plain POST after a 5xx, but does with an Idempotency-Key", async () => {
    const first = await serve([
      { status: 500, body: { title: "Internal error", status: 500, detail: "boom" } },
      { status: 202, body: { accepted: 1 } },
    ]);
    await expect(first.api.post("/x", {})).rejects.toBeInstanceOf(ApiError);
    expect(first.seen).toHaveLength(1);
    await new Promise<void>((r) => server!.close(() => r()));

    const second = await serve([{ status: 502 }, { status: 202, body: { accepted: 1 } }]);
    await expect(
      second.api.post("/x", {}, { idempotent: true, headers: { "Idempotency-Key": "k:0" } }),
    ).resolves.toEqual({ accepted: 1 });
    expect(second.seen.map((s) => s.key)).toEqual(["k:0", "k:0"]);
  });

  it("retries a 409 that carries Retry-After (a key still held elsewhere), not a plain 409", async () => {
    const held = await serve([
      { status: 409, headers: { "Retry-After": "1" }, body: { title: "Conflict", status: 409 } },
      { status: 202, body: { accepted: 1 } },
    ]);
    await expect(
      held.api.post("/x", {}, { idempotent: true, headers: { "Idempotency-Key": "k:0" } }),
    ).resolves.toEqual({ accepted: 1 });
    expect(held.delays).toEqual([1000]);
    await new Promise<void>((r) => server!.close(() => r()));

    const plain = await serve([{ status: 409, body: { title: "Conflict", status: 409 } }]);
    await expect(plain.api.post("/x", {})).rejects.toBeInstanceOf(ApiError);
    expect(plain.seen).toHaveLength(1);
  });

  it("stops retrying at the time budget and says it gave up", async () => {
    const { seen } = await serve([
      {
        status: 503,
        headers: { "Retry-After": "30" },
        body: { title: "Busy", status: 503, detail: "busy" },
      },
    ]);
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    const api = new Api(url, "t", {
      maxRetries: 10,
      retryBudgetMs: 45_000,
      sleep: async () => undefined,
    });
    const err = (await api.get("/x").catch((e: unknown) => e)) as ApiError;
    expect(err.message).toMatch(/Gave up after 2 attempts/);
    expect(seen).toHaveLength(2);
  });

  it("does not retry a 4xx and reports the problem+json with its fields", async () => {
    const { api, seen } = await serve([
      {
        status: 400,
        body: {
          title: "Invalid request",
          status: 400,
          detail: "1 invalid field",
          errors: [{ path: "slug", message: "bad" }],
        },
      },
    ]);
    const err = (await api.get("/x").catch((e: unknown) => e)) as ApiError;
    expect(err.message).toBe("Invalid request (400): 1 invalid field");
    expect(err.details).toEqual(["slug: bad"]);
    expect(err.exitCode).toBe(2);
    expect(seen).toHaveLength(1);
  });

  it("words a refused token clearly", async () => {
    const { api } = await serve([
      {
        status: 401,
        body: {
          title: "Authentication required",
          status: 401,
          detail: "The API token is unknown, revoked or expired.",
        },
      },
    ]);
    await expect(api.get("/x")).rejects.toThrow(
      /^The token was refused \(401\): The API token is unknown/,
    );
  });
});

describe("--canary steps", () => {
  it("reads percent:duration pairs", () => {
    expect(canarySteps("10:30m,50:1h")).toEqual([
      { percent: 10, seconds: 1800 },
      { percent: 50, seconds: 3600 },
    ]);
    expect(canarySteps(" 5% : 90s ")).toEqual([{ percent: 5, seconds: 90 }]);
  });

  it("says what a step should look like", () => {
    expect(() => canarySteps("10,50:30m")).toThrow(/"10" is not a canary step/);
    expect(() => canarySteps("10:soon")).toThrow(/is not a duration/);
  });
});

describe("the @modelgate/cli package", () => {
  it("carries the CLI's version and pins the dependencies the app is tested with", () => {
    expect(cliPackage.version).toBe(CLI_VERSION);
    const app = appPackage.dependencies as Record<string, string>;
    for (const [name, version] of Object.entries(cliPackage.dependencies))
      expect(app[name], name).toBe(version);
  });
});
