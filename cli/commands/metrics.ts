import { randomUUID } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { Command, InvalidArgumentError, Option } from "commander";
import { ApiError, CliError } from "../errors";
import { api, enc, positiveInt, withJson } from "../shared";
import { fmtDuration, fmtInt, out, printJson, Progress } from "../ui";

// `metrics push`: stream NDJSON or CSV points from a file or stdin to the ingest endpoint in
// batches of at most 10,000, a few requests in flight, each with an Idempotency-Key so a retry
// after a dropped connection or a 5xx never stores a point twice.

export const MAX_BATCH = 10_000;

export interface Point {
  name: string;
  value: number;
  ts?: string;
}

type Format = "ndjson" | "csv";

/** Splits one CSV line, honouring "quoted, fields" and "" escapes. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      cells.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/** A time as the API wants it: RFC 3339 strings pass; numbers are epoch seconds or milliseconds. */
function toTimestamp(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw === "number" || (typeof raw === "string" && /^\d+(\.\d+)?$/.test(raw))) {
    const n = Number(raw);
    const ms = n > 1e11 ? n : n * 1000;
    const d = new Date(ms);
    if (Number.isNaN(d.getTime())) throw new Error(`ts ${String(raw)} is not a time`);
    return d.toISOString();
  }
  if (typeof raw === "string") return raw;
  throw new Error(
    `ts must be an RFC 3339 time or epoch seconds/milliseconds, got ${JSON.stringify(raw)}`,
  );
}

function toPoint(record: Record<string, unknown>): Point {
  const { name, value, ts } = record;
  if (typeof name !== "string" || name === "") throw new Error('"name" must be a non-empty string');
  const v = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new Error(`"value" must be a finite number, got ${JSON.stringify(value)}`);
  const time = toTimestamp(ts);
  return time ? { name, value: v, ts: time } : { name, value: v };
}

/** Parses a line into a point; returns null for blank lines and the CSV header. */
export class LineParser {
  format?: Format;
  private columns?: string[];

  constructor(format?: Format) {
    this.format = format;
  }

  parse(line: string): Point | null {
    const text = line.trim();
    if (text === "" || (this.format !== "csv" && text.startsWith("#"))) return null;
    this.format ??= text.startsWith("{") ? "ndjson" : "csv";
    if (this.format === "ndjson") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new Error(`not valid JSON (${(e as Error).message})`);
      }
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
        throw new Error("each line must be a JSON object { name, value, ts? }");
      return toPoint(parsed as Record<string, unknown>);
    }
    const cells = splitCsvLine(text);
    if (!this.columns) {
      this.columns = cells.map((c) => c.toLowerCase());
      if (!this.columns.includes("name") || !this.columns.includes("value")) {
        throw new Error(
          `the CSV header must name the columns "name" and "value" (and optionally "ts"), got: ${text}`,
        );
      }
      return null;
    }
    const record: Record<string, unknown> = {};
    this.columns.forEach((col, i) => (record[col] = cells[i]));
    return toPoint(record);
  }
}

function formatOf(file: string): Format | undefined {
  if (/\.csv$/i.test(file)) return "csv";
  if (/\.(ndjson|jsonl|json)$/i.test(file)) return "ndjson";
  return undefined;
}

interface Accepted {
  accepted: number;
  duplicates: number;
}

interface PushOptions {
  deployment?: string;
  model?: string;
  target?: string;
  format?: Format;
  batchSize: number;
  concurrency: number;
  idempotencyPrefix?: string;
  json?: boolean;
}

function concurrencyArg(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 4) throw new InvalidArgumentError("must be 1 to 4.");
  return n;
}

function batchSizeArg(raw: string): number {
  const n = positiveInt(raw);
  if (n > MAX_BATCH)
    throw new InvalidArgumentError(
      `must be at most ${fmtInt(MAX_BATCH)} (the API's limit per request).`,
    );
  return n;
}

export function metricsCommands(program: Command) {
  const metrics = program
    .command("metrics")
    .description("Push monitoring metrics of an endpoint (a model on a target) or a deployment");

  withJson(
    metrics
      .command("push")
      .description(
        'Push metric points from NDJSON ({"name":"latency_ms","value":12.5,"ts":"2026-01-01T00:00:00Z"} per line) or CSV (header name,value[,ts]) in batches of up to 10,000. Points without ts are stamped with the arrival time, so send ts for series.',
      )
      .option(
        "--model <slug>",
        "with --target: the endpoint, whatever version runs there (each point goes to the version running at its ts, or to its `version` field)",
      )
      .option("--target <slug>", "with --model: the target of the endpoint")
      .option("--deployment <id>", "or one deployment (see GET /api/v1/deployments)")
      .argument("[file]", "a .ndjson/.jsonl or .csv file; - or nothing reads stdin", "-")
      .addOption(
        new Option(
          "--format <format>",
          "input format (default: from the file extension or the first line)",
        ).choices(["ndjson", "csv"]),
      )
      .option("--batch-size <n>", "points per request (at most 10,000)", batchSizeArg, MAX_BATCH)
      .option("--concurrency <n>", "requests in flight (1–4)", concurrencyArg, 2)
      .option(
        "--idempotency-prefix <key>",
        "prefix of the Idempotency-Key of each batch; reuse it to re-run the same push safely (default: random)",
      ),
  ).action(async (file: string, opts: PushOptions) => {
    if (opts.deployment ? opts.model || opts.target : !(opts.model && opts.target))
      throw new CliError(
        "Name the endpoint with --model and --target (or one deployment with --deployment, not both).",
        2,
      );
    const fromStdin = file === "-";
    if (fromStdin && process.stdin.isTTY)
      throw new CliError(
        "No input: give a file or pipe points into stdin (e.g. `modelgate metrics push --model churn --target prod < points.ndjson`).",
      );
    let input: Readable;
    let totalBytes: number | undefined;
    if (fromStdin) input = process.stdin;
    else {
      try {
        totalBytes = statSync(file).size;
      } catch {
        throw new CliError(`Cannot read ${file}: no such file.`);
      }
      input = createReadStream(file);
    }
    const result = await push(
      input,
      { ...opts, format: opts.format ?? (fromStdin ? undefined : formatOf(file)) },
      totalBytes,
    );
    if (opts.json) return printJson(result);
    out(
      `Pushed ${fmtInt(result.points)} points to ${result.deployment ? `deployment ${result.deployment}` : `${result.model} on ${result.target}`} in ${result.batches} batch${result.batches === 1 ? "" : "es"}: ${fmtInt(result.accepted)} accepted, ${fmtInt(result.duplicates)} duplicates (${fmtDuration(result.seconds * 1000)}).`,
    );
  });
}

async function push(input: Readable, opts: PushOptions, totalBytes?: number) {
  const client = api();
  const started = Date.now();
  const where = opts.deployment
    ? `/api/v1/deployments/${enc(opts.deployment)}`
    : `/api/v1/models/${enc(opts.model!)}/targets/${enc(opts.target!)}`;
  const path = `${where}/metrics`;
  const prefix = opts.idempotencyPrefix ?? randomUUID();
  const progress = new Progress("Pushing metrics", undefined);
  // Probe the deployment or endpoint first so a wrong name or token fails before reading input.
  await client.get(where);

  const parser = new LineParser(opts.format);
  const totals = { points: 0, batches: 0, accepted: 0, duplicates: 0, sent: 0 };
  const inflight = new Set<Promise<void>>();
  let failure: unknown;
  let points: Point[] = [];
  let lines: number[] = [];

  const send = (batch: Point[], batchLines: number[], index: number) =>
    client
      .post<Accepted>(
        path,
        { points: batch },
        { idempotent: true, headers: { "Idempotency-Key": `${prefix}:${index}` } },
      )
      .then((res) => {
        totals.accepted += res.accepted;
        totals.duplicates += res.duplicates;
        totals.sent += batch.length;
        progress.update(totals.sent, totalBytes ? bytesRead / totalBytes : undefined);
      })
      .catch((e: unknown) => {
        failure ??= withLineNumbers(e, batchLines);
      });

  const flush = async () => {
    if (points.length === 0) return;
    const p = send(points, lines, totals.batches++).finally(() => inflight.delete(p));
    inflight.add(p);
    points = [];
    lines = [];
    while (inflight.size >= opts.concurrency) await Promise.race(inflight);
  };

  const rl = createInterface({ input, crlfDelay: Infinity });
  let bytesRead = 0;
  input.on("data", (chunk: Buffer | string) => (bytesRead += chunk.length));
  let lineNo = 0;
  try {
    for await (const line of rl) {
      lineNo++;
      if (failure) break;
      let point: Point | null;
      try {
        point = parser.parse(line);
      } catch (e) {
        failure = new CliError(`Line ${lineNo} of the input: ${(e as Error).message}`);
        break;
      }
      if (!point) continue;
      points.push(point);
      lines.push(lineNo);
      totals.points++;
      if (points.length >= opts.batchSize) await flush();
    }
    if (!failure) await flush();
    await Promise.all(inflight);
  } finally {
    rl.close();
    progress.done();
  }
  if (failure) {
    const err = failure instanceof CliError ? failure : new CliError(String(failure));
    const details = [...err.details];
    if (totals.sent > 0) {
      details.push(
        `${fmtInt(totals.sent)} point(s) were sent before this (${fmtInt(totals.accepted)} new); re-run with --idempotency-prefix ${prefix} to skip the batches already stored.`,
      );
    }
    throw new CliError(err.message, err.exitCode, details);
  }
  if (totals.points === 0) throw new CliError("The input holds no points.");
  return {
    deployment: opts.deployment ?? null,
    model: opts.model ?? null,
    target: opts.target ?? null,
    points: totals.points,
    batches: totals.batches,
    accepted: totals.accepted,
    duplicates: totals.duplicates,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/** Maps the API's `points.3.value` paths back to the input's line numbers. */
function withLineNumbers(e: unknown, batchLines: number[]): unknown {
  if (!(e instanceof ApiError)) return e;
  const details = (e.problem.errors ?? []).map((issue) => {
    const m = /^points\.(\d+)\.?(.*)$/.exec(issue.path);
    const line = m ? batchLines[Number(m[1])] : undefined;
    return line
      ? `line ${line}${m![2] ? ` (${m![2]})` : ""}: ${issue.message}`
      : `${issue.path}: ${issue.message}`;
  });
  return new CliError(e.message, e.exitCode, details);
}
