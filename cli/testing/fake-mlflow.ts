import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in MLflow tracking server for tests (cli/mlflow.test.ts, e2e/api/mlflow-import.spec.ts):
// the three REST 2.0 endpoints `modelgate import mlflow` reads, answering as MLflow's REST API
// reference and protos document them: snake_case JSON, unset fields and empty lists left out,
// `next_page_token` only while there are more pages, and errors as
// `{error_code, message}` (RESOURCE_DOES_NOT_EXIST with 404, INVALID_PARAMETER_VALUE with 400).
// `maxPageSize` lowers the page size the way the reference allows backends to, so tests see
// several pages without thousands of models.

interface KeyValue {
  key: string;
  value: string;
}

export interface FakeModel {
  name: string;
  description?: string;
  tags: KeyValue[];
  aliases: { alias: string; version: string }[];
  creation_timestamp: number;
  last_updated_timestamp: number;
}

export interface FakeVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  current_stage: string;
  description?: string;
  source: string;
  run_id?: string;
  status: "READY" | "PENDING_REGISTRATION" | "FAILED_REGISTRATION";
  tags: KeyValue[];
  aliases: string[];
  run_link?: string;
}

export interface FakeRun {
  info: {
    run_id: string;
    run_uuid: string;
    run_name: string;
    experiment_id: string;
    user_id: string;
    status: string;
    start_time: number;
    end_time: number;
    artifact_uri: string;
    lifecycle_stage: string;
  };
  data: {
    metrics: { key: string; value: number | string; timestamp: number; step: number }[];
    params: KeyValue[];
    tags: KeyValue[];
  };
}

export interface FakeMlflowOptions {
  maxPageSize?: number;
  /** When set, every request must carry `Authorization: <this>`; others get 401. */
  authorization?: string;
}

const T0 = Date.UTC(2026, 10, 1);
const kv = (o: Record<string, string>): KeyValue[] =>
  Object.entries(o).map(([key, value]) => ({ key, value }));

/** Drops empty lists and undefined fields, as protobuf's JSON printer does. */
function proto(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(proto);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      out[k] = proto(v);
    }
    return out;
  }
  return value;
}

export class FakeMlflow {
  readonly models: FakeModel[] = [];
  readonly versions: FakeVersion[] = [];
  readonly runs = new Map<string, FakeRun>();
  /** Where get-download-uri says a `models:/…` source lives. */
  readonly downloadUris = new Map<string, string>();
  /** Every request's path and query, for tests that check what was asked. */
  readonly requests: URL[] = [];
  private server?: Server;
  url = "";

  constructor(readonly options: FakeMlflowOptions = {}) {}

  addModel(name: string, extra: { description?: string; tags?: Record<string, string> } = {}) {
    const model: FakeModel = {
      name,
      description: extra.description,
      tags: kv(extra.tags ?? {}),
      aliases: [],
      creation_timestamp: T0,
      last_updated_timestamp: T0,
    };
    this.models.push(model);
    return model;
  }

  /** A version numbered after the model's last one, like MLflow's create. */
  addVersion(
    name: string,
    extra: {
      source?: string;
      runId?: string;
      stage?: string;
      description?: string;
      status?: FakeVersion["status"];
    } = {},
  ) {
    const n = this.versions.filter((v) => v.name === name).length + 1;
    const version: FakeVersion = {
      name,
      version: String(n),
      creation_timestamp: T0 + n,
      last_updated_timestamp: T0 + n,
      current_stage: extra.stage ?? "None",
      description: extra.description,
      source:
        extra.source ??
        (extra.runId
          ? `runs:/${extra.runId}/model`
          : `s3://ml/${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}/${n}`),
      run_id: extra.runId,
      status: extra.status ?? "READY",
      tags: [],
      aliases: [],
    };
    this.versions.push(version);
    return version;
  }

  /** Points an alias at a version (moving it from any other, as MLflow does). */
  setAlias(name: string, alias: string, version: string) {
    const model = this.models.find((m) => m.name === name)!;
    model.aliases = [...model.aliases.filter((a) => a.alias !== alias), { alias, version }];
    for (const v of this.versions.filter((x) => x.name === name)) {
      v.aliases = v.aliases.filter((a) => a !== alias);
      if (v.version === version) v.aliases.push(alias);
    }
  }

  addRun(
    runId: string,
    extra: {
      experimentId?: string;
      metrics?: { key: string; value: number | string; step?: number; timestamp?: number }[];
      params?: Record<string, string>;
      tags?: Record<string, string>;
      artifactUri?: string;
    } = {},
  ) {
    const experimentId = extra.experimentId ?? "1";
    const run: FakeRun = {
      info: {
        run_id: runId,
        run_uuid: runId,
        run_name: `run-${runId.slice(0, 6)}`,
        experiment_id: experimentId,
        user_id: "trainer",
        status: "FINISHED",
        start_time: T0,
        end_time: T0 + 60_000,
        artifact_uri: extra.artifactUri ?? `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
        lifecycle_stage: "active",
      },
      data: {
        metrics: (extra.metrics ?? []).map((m, i) => ({
          key: m.key,
          value: m.value,
          timestamp: m.timestamp ?? T0 + i,
          step: m.step ?? 0,
        })),
        params: kv(extra.params ?? {}),
        tags: kv({ "mlflow.user": "trainer", ...extra.tags }),
      },
    };
    this.runs.set(runId, run);
    return run;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    this.requests.push(url);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(proto(body)));
    };
    const fail = (status: number, error_code: string, message: string) =>
      send(status, { error_code, message });

    if (this.options.authorization && req.headers.authorization !== this.options.authorization)
      return fail(401, "UNAUTHENTICATED", "You are not authenticated.");
    if (req.method !== "GET")
      return fail(405, "ENDPOINT_NOT_FOUND", `No ${req.method} ${url.pathname}`);
    const q = url.searchParams;
    try {
      switch (url.pathname) {
        case "/api/2.0/mlflow/registered-models/search": {
          const max = maxResults(q.get("max_results"), 100, 1000);
          const matching = this.models
            .filter(nameMatches(q.get("filter")))
            .sort((a, b) => a.name.localeCompare(b.name));
          const page = this.page(matching, max, q.get("page_token"));
          return send(200, {
            registered_models: page.items.map((m) => ({
              ...m,
              latest_versions: this.versions.filter(
                (v) => v.name === m.name && v.version === String(this.lastVersion(m.name)),
              ),
            })),
            next_page_token: page.next,
          });
        }
        case "/api/2.0/mlflow/model-versions/search": {
          const max = maxResults(q.get("max_results"), 200_000, 200_000);
          // MLflow's default order: newest first; the importer must sort for itself.
          const matching = this.versions
            .filter(nameMatches(q.get("filter")))
            .sort((a, b) => a.name.localeCompare(b.name) || Number(b.version) - Number(a.version));
          const page = this.page(matching, max, q.get("page_token"));
          return send(200, { model_versions: page.items, next_page_token: page.next });
        }
        case "/api/2.0/mlflow/model-versions/get-download-uri": {
          const v = this.versions.find(
            (x) => x.name === q.get("name") && x.version === q.get("version"),
          );
          if (!v)
            return fail(
              404,
              "RESOURCE_DOES_NOT_EXIST",
              `Model Version (name=${q.get("name")}, version=${q.get("version")}) not found`,
            );
          return send(200, { artifact_uri: this.downloadUris.get(v.source) ?? v.source });
        }
        case "/api/2.0/mlflow/runs/get": {
          const id = q.get("run_id") ?? q.get("run_uuid");
          if (!id)
            return fail(
              400,
              "INVALID_PARAMETER_VALUE",
              "Missing value for required parameter 'run_id'.",
            );
          const run = this.runs.get(id);
          if (!run) return fail(404, "RESOURCE_DOES_NOT_EXIST", `Run with id=${id} not found`);
          return send(200, { run: { ...run, inputs: {} } });
        }
        default:
          return fail(404, "ENDPOINT_NOT_FOUND", `No API endpoint found for ${url.pathname}`);
      }
    } catch (e) {
      return fail(400, "INVALID_PARAMETER_VALUE", (e as Error).message);
    }
  }

  private lastVersion(name: string): number {
    return this.versions.filter((v) => v.name === name).length;
  }

  /** Opaque tokens (base64 of an offset), as MLflow's stores hand them out. */
  private page<T>(items: T[], max: number, token: string | null) {
    const size = Math.min(max, this.options.maxPageSize ?? max);
    let offset = 0;
    if (token) {
      const decoded = JSON.parse(Buffer.from(token, "base64").toString("utf8") || "{}") as {
        offset?: unknown;
      };
      if (typeof decoded.offset !== "number") throw new Error(`Invalid page token ${token}`);
      offset = decoded.offset;
    }
    const next = offset + size < items.length ? offset + size : undefined;
    return {
      items: items.slice(offset, offset + size),
      next:
        next === undefined
          ? undefined
          : Buffer.from(JSON.stringify({ offset: next })).toString("base64"),
    };
  }
}

function maxResults(raw: string | null, fallback: number, limit: number): number {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > limit)
    throw new Error(
      `Invalid value ${raw} for parameter 'max_results' supplied. It must be at most ${limit}.`,
    );
  return n;
}

/** The one filter the importer sends, `name='x'`; anything else is refused as MLflow would. */
function nameMatches(filter: string | null): (item: { name: string }) => boolean {
  if (!filter) return () => true;
  const m = /^\s*name\s*=\s*'([^']*)'\s*$/.exec(filter);
  if (!m) throw new Error(`Invalid filter '${filter}'`);
  return (item) => item.name === m[1];
}
