import { createHash } from "node:crypto";
import { z } from "zod";
import { retryDelay, sleep } from "./api";
import { CliError, EXIT_ERROR } from "./errors";

// Reading an MLflow tracking server's model registry over its REST API 2.0, and turning what it
// holds into Modelgate models and versions. The reader validates every answer with zod (an
// answer we cannot read is a clear error, never a crash); the mapping is pure, so it can be
// tested without either server. Shapes follow mlflow/protos/model_registry.proto and
// service.proto as MLflow serialises them to JSON (snake_case field names, empty lists and
// unset fields left out, int64 as numbers by recent servers and as strings by older ones).

// ---------------------------------------------------------------------------------------------
// Response schemas

/** An int64: a JSON number, or a string of digits from servers before MLflow 1.x's fix. */
const int64 = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

const keyValue = z.object({ key: z.string(), value: z.string().optional().default("") });

/** Version numbers are strings in the proto ("3"); accept a number too. */
const versionNumber = z.union([
  z.string().regex(/^\d+$/, "must be a whole number"),
  z.number().int().nonnegative().transform(String),
]);

const modelVersion = z.object({
  name: z.string().min(1),
  version: versionNumber,
  creation_timestamp: int64.optional(),
  current_stage: z.string().optional(),
  description: z.string().optional(),
  source: z.string().optional(),
  run_id: z.string().optional(),
  status: z.string().optional(),
  status_message: z.string().optional(),
  tags: z.array(keyValue).optional().default([]),
  run_link: z.string().optional(),
  aliases: z.array(z.string()).optional().default([]),
});

const registeredModel = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(keyValue).optional().default([]),
  aliases: z
    .array(z.object({ alias: z.string(), version: versionNumber }))
    .optional()
    .default([]),
});

const searchRegisteredModels = z.object({
  registered_models: z.array(registeredModel).optional().default([]),
  next_page_token: z.string().optional(),
});

const searchModelVersions = z.object({
  model_versions: z.array(modelVersion).optional().default([]),
  next_page_token: z.string().optional(),
});

/** Doubles: proto JSON writes NaN and the infinities as strings. */
const metric = z.object({
  key: z.string().min(1),
  value: z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]),
  timestamp: int64.optional().default(0),
  step: int64.optional().default(0),
});

const run = z.object({
  info: z.object({
    run_id: z.string().optional(),
    run_uuid: z.string().optional(),
    // An int before MLflow 0.9, a string since.
    experiment_id: z.union([z.string(), z.number().transform(String)]),
    artifact_uri: z.string().optional(),
    lifecycle_stage: z.string().optional(),
  }),
  data: z
    .object({
      metrics: z.array(metric).optional().default([]),
      params: z.array(keyValue).optional().default([]),
      tags: z.array(keyValue).optional().default([]),
    })
    .optional()
    .default({ metrics: [], params: [], tags: [] }),
});

const getRun = z.object({ run });

const getDownloadUri = z.object({ artifact_uri: z.string().min(1) });

const mlflowErrorBody = z.object({ error_code: z.string(), message: z.string().optional() });

export type MlflowModelVersion = z.infer<typeof modelVersion>;
export type MlflowRegisteredModel = z.infer<typeof registeredModel>;
export type MlflowRun = z.infer<typeof run>;
export type MlflowMetric = z.infer<typeof metric>;

// ---------------------------------------------------------------------------------------------
// The reader

/**
 * An answer from MLflow about one thing that the import reports and goes on from: an error
 * MLflow answered with (`{error_code, message}` and the HTTP status), an answer that is not
 * what the REST API documents, or a name MLflow's filters cannot express. Failing to reach
 * MLflow at all, or being refused by it, stays a plain CliError that stops the command.
 */
export class MlflowError extends CliError {
  constructor(
    message: string,
    readonly errorCode: string,
    readonly status = 0,
    details: string[] = [],
  ) {
    super(message, EXIT_ERROR, details);
    this.name = "MlflowError";
  }
}

export interface MlflowAuth {
  token?: string;
  username?: string;
  password?: string;
}

/** Credentials as MLflow's own clients take them: a bearer token wins over basic auth. */
export function authFromEnv(env: NodeJS.ProcessEnv = process.env): MlflowAuth {
  return {
    token: env.MLFLOW_TRACKING_TOKEN || undefined,
    username: env.MLFLOW_TRACKING_USERNAME || undefined,
    password: env.MLFLOW_TRACKING_PASSWORD || undefined,
  };
}

export function authHeader(auth: MlflowAuth): string | undefined {
  if (auth.token) return `Bearer ${auth.token}`;
  if (auth.username !== undefined || auth.password !== undefined)
    return `Basic ${Buffer.from(`${auth.username ?? ""}:${auth.password ?? ""}`).toString("base64")}`;
  return undefined;
}

/** The tracking URI without a trailing slash; only http(s) servers speak the REST API. */
export function normalizeTrackingUri(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(
      `--tracking-uri "${raw}" is not a URL (expected the tracking server, e.g. http://mlflow:5000).`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new CliError(
      `--tracking-uri must be an http(s) tracking server, got "${raw}" (file stores and "databricks" are not supported).`,
    );
  if (url.username || url.password)
    throw new CliError(
      "--tracking-uri must not carry credentials; use MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD.",
    );
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "");
}

export interface MlflowClientOptions {
  auth?: MlflowAuth;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** Retries of a request after a dropped connection, a 429 or a 5xx (default 2). */
  maxRetries?: number;
  /** A listing that still has a next page after this many is refused (default 1000). */
  maxPages?: number;
  /** Page sizes; the defaults are the documented maxima for registered models. */
  modelPageSize?: number;
  versionPageSize?: number;
  sleep?: (ms: number) => Promise<void>;
}

type Query = Record<string, string | number | undefined>;

export class MlflowClient {
  readonly trackingUri: string;
  private readonly authorization?: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  readonly maxPages: number;
  private readonly modelPageSize: number;
  private readonly versionPageSize: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(trackingUri: string, options: MlflowClientOptions = {}) {
    this.trackingUri = normalizeTrackingUri(trackingUri);
    this.authorization = authHeader(options.auth ?? {});
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.maxPages = options.maxPages ?? 1000;
    this.modelPageSize = options.modelPageSize ?? 1000;
    this.versionPageSize = options.versionPageSize ?? 1000;
    this.sleep = options.sleep ?? sleep;
  }

  /** GET an endpoint under /api/2.0/mlflow and validate the answer. */
  async get<S extends z.ZodType>(path: string, query: Query, schema: S): Promise<z.output<S>> {
    const url = new URL(`${this.trackingUri}/api/2.0/mlflow/${path}`);
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": "modelgate-cli",
    };
    if (this.authorization) headers.Authorization = this.authorization;
    const where = `GET /api/2.0/mlflow/${path}`;

    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (e) {
        if (attempt <= this.maxRetries) {
          await this.sleep(retryDelay(attempt, null));
          continue;
        }
        const err = e as Error & { cause?: { code?: string } };
        const reason =
          err.name === "TimeoutError"
            ? `no answer within ${Math.round(this.timeoutMs / 1000)} s`
            : (err.cause?.code ?? err.message);
        throw new CliError(`Could not reach MLflow at ${this.trackingUri} (${where}): ${reason}`);
      }
      if ((res.status === 429 || res.status >= 500) && attempt <= this.maxRetries) {
        await res.body?.cancel().catch(() => undefined);
        await this.sleep(retryDelay(attempt, res.headers.get("retry-after")));
        continue;
      }
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        throw new MlflowError(
          `MLflow answered ${where} with ${res.status} and something that is not JSON (is --tracking-uri the tracking server?): ${snippet(text)}`,
          "INVALID_ANSWER",
          res.status,
        );
      }
      if (!res.ok) {
        const error = mlflowErrorBody.safeParse(body);
        if (res.status === 401 || res.status === 403)
          throw new CliError(
            `MLflow refused the credentials (${res.status}) on ${where}; check MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD.`,
          );
        const code = error.success ? error.data.error_code : `HTTP_${res.status}`;
        const detail = error.success ? (error.data.message ?? "no message") : snippet(text);
        throw new MlflowError(
          `MLflow answered ${where} with ${res.status} ${code}: ${detail}`,
          code,
          res.status,
        );
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join(".") || "(answer)"}: ${i.message}`);
        throw new MlflowError(
          `MLflow's answer to ${where} is not what its REST API documents.`,
          "INVALID_ANSWER",
          res.status,
          issues,
        );
      }
      return parsed.data;
    }
  }

  /** Every page of a search, bounded: a server that never stops paging is refused. */
  private async allPages<T>(
    what: string,
    fetchPage: (pageToken?: string) => Promise<{ items: T[]; next?: string }>,
  ): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (let page = 1; ; page++) {
      const answer = await fetchPage(token);
      items.push(...answer.items);
      if (!answer.next) return items;
      if (seen.has(answer.next))
        throw new CliError(`MLflow repeated a page token while listing ${what}; stopping.`);
      if (page >= this.maxPages)
        throw new CliError(
          `MLflow still had more ${what} after ${this.maxPages} pages; refusing to go on (narrow it with --model).`,
        );
      seen.add(answer.next);
      token = answer.next;
    }
  }

  /** Registered models, all of them or those named exactly `name`. */
  async registeredModels(name?: string): Promise<MlflowRegisteredModel[]> {
    const filter = name === undefined ? undefined : nameFilter(name);
    return this.allPages("registered models", async (pageToken) => {
      const page = await this.get(
        "registered-models/search",
        { max_results: this.modelPageSize, filter, page_token: pageToken },
        searchRegisteredModels,
      );
      return { items: page.registered_models, next: page.next_page_token };
    });
  }

  /** A registered model's versions, oldest first. */
  async modelVersions(name: string): Promise<MlflowModelVersion[]> {
    const versions = await this.allPages(`versions of "${name}"`, async (pageToken) => {
      const page = await this.get(
        "model-versions/search",
        { max_results: this.versionPageSize, filter: nameFilter(name), page_token: pageToken },
        searchModelVersions,
      );
      return { items: page.model_versions, next: page.next_page_token };
    });
    // The filter is the server's to apply; a version of another model is not ours to import.
    return versions
      .filter((v) => v.name === name)
      .sort((a, b) => Number(a.version) - Number(b.version));
  }

  /**
   * Where a version's files are, as the registry itself resolves its source. Used for
   * `models:/…` sources (MLflow 3's logged models), which name no storage location.
   */
  async downloadUri(name: string, version: string): Promise<string> {
    return (await this.get("model-versions/get-download-uri", { name, version }, getDownloadUri))
      .artifact_uri;
  }

  /** A run, or null when MLflow no longer has it (RESOURCE_DOES_NOT_EXIST). */
  async run(runId: string): Promise<MlflowRun | null> {
    try {
      return (await this.get("runs/get", { run_id: runId }, getRun)).run;
    } catch (e) {
      if (e instanceof MlflowError && e.errorCode === "RESOURCE_DOES_NOT_EXIST") return null;
      throw e;
    }
  }
}

/**
 * `name='x'`: MLflow's filter grammar quotes strings in single quotes and has no escape for a
 * quote inside one, so such names cannot be searched for.
 */
export function nameFilter(name: string): string {
  if (name.includes("'"))
    throw new MlflowError(
      `The MLflow model name "${name}" contains a single quote, which MLflow's search filter cannot express.`,
      "UNSUPPORTED_NAME",
    );
  return `name='${name}'`;
}

const snippet = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 200) || "(empty)";

// ---------------------------------------------------------------------------------------------
// Mapping: MLflow → Modelgate (pure)

// Modelgate's rules (lib/schemas/common.ts and versions.ts), repeated here because the CLI
// must not load the server's modules at run time. The API checks them again either way.
const SLUG_MAX = 64;
const TAG_RE = /^[a-z0-9][a-z0-9._:-]*$/i;
const TAG_MAX = 40;
const MAX_TAGS = 20;
const METRIC_RE = /^[A-Za-z][A-Za-z0-9_.@-]*$/;
const METRIC_MAX = 64;
const MAX_METRICS = 100;
const PARAM_KEY_MAX = 128;
const DESCRIPTION_MAX = 5000;
const NAME_MAX = 120;
const GIT_COMMIT_RE = /^[0-9a-f]{7,64}$/i;
const MODELGATE_SCHEMES = ["s3", "gs", "azureml", "hf", "https", "http", "file"];

const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 8);

/**
 * A Modelgate slug for an MLflow model name: lowercase ASCII letters and digits joined by
 * single hyphens. Accents are dropped; a name that leaves too little, or too much, gets a hash
 * of the full name so different names stay different slugs.
 */
export function slugFromName(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (base.length < 2) return base ? `${base}-${shortHash(name)}` : `mlflow-${shortHash(name)}`;
  if (base.length <= SLUG_MAX) return base;
  return `${base.slice(0, SLUG_MAX - 9).replace(/-+$/, "")}-${shortHash(name)}`;
}

/** The parameters that tie a Modelgate version to the MLflow version it was imported from. */
export const ID_PARAMS = {
  name: "mlflow.name",
  version: "mlflow.version",
  runId: "mlflow.run_id",
} as const;

/** The key that finds a Modelgate version again: MLflow model name and version number. */
export function identityOf(params: Record<string, unknown> | null | undefined): string | null {
  const name = params?.[ID_PARAMS.name];
  const version = params?.[ID_PARAMS.version];
  return typeof name === "string" && typeof version === "string" ? `${name}#${version}` : null;
}

export interface Mapped<T> {
  value: T;
  /** What could not be carried over, one line each. */
  warnings: string[];
}

/** Registered-model tags as Modelgate tags `key:value` (or `key` when the value is empty). */
export function modelTags(tags: { key: string; value: string }[]): Mapped<string[]> {
  const warnings: string[] = [];
  const out: string[] = [];
  for (const { key, value } of tags) {
    if (key.startsWith("mlflow.")) continue; // MLflow's own bookkeeping, not the user's labels
    const tag = (value ? `${key}:${value}` : key).replace(/[^a-z0-9._:-]+/gi, "-");
    if (!TAG_RE.test(tag) || tag.length > TAG_MAX) {
      warnings.push(`tag ${key} is not kept: "${tag}" is not a Modelgate tag (≤ 40 characters)`);
      continue;
    }
    if (out.length >= MAX_TAGS) {
      warnings.push(`tag ${key} is not kept: a model holds at most ${MAX_TAGS} tags`);
      continue;
    }
    if (!out.includes(tag)) out.push(tag);
  }
  return { value: out, warnings };
}

/** The key part of a `key:value` tag this importer writes. */
const tagKey = (tag: string) => tag.split(":")[0];

/**
 * The model's tags after an import: MLflow's tags replace those with the same key; tags added in
 * Modelgate, and those of keys MLflow no longer has, stay.
 */
export function mergeTags(existing: string[], imported: string[]): string[] {
  const keys = new Set(imported.map(tagKey));
  const kept = existing.filter((t) => !keys.has(tagKey(t)));
  return [...kept, ...imported].slice(0, MAX_TAGS);
}

export interface ModelPlan {
  slug: string;
  create: { slug: string; name: string; description?: string; tags?: string[] };
  warnings: string[];
}

export function planModel(rm: MlflowRegisteredModel): ModelPlan {
  const tags = modelTags(rm.tags);
  const warnings = [...tags.warnings];
  let description = rm.description?.trim() || undefined;
  if (description && description.length > DESCRIPTION_MAX) {
    description = description.slice(0, DESCRIPTION_MAX);
    warnings.push(`description cut to ${DESCRIPTION_MAX} characters`);
  }
  const slug = slugFromName(rm.name);
  return {
    slug,
    create: {
      slug,
      name: rm.name.slice(0, NAME_MAX),
      description,
      tags: tags.value.length ? tags.value : undefined,
    },
    warnings,
  };
}

/** What to PATCH on an existing model so it matches MLflow, or null when it already does. */
export function modelPatch(
  plan: ModelPlan,
  existing: { description: string; tags: string[] },
): { description?: string; tags?: string[] } | null {
  const patch: { description?: string; tags?: string[] } = {};
  // An empty MLflow description leaves Modelgate's alone: it may have been written there.
  if (plan.create.description !== undefined && plan.create.description !== existing.description)
    patch.description = plan.create.description;
  const tags = mergeTags(existing.tags, plan.create.tags ?? []);
  if (!sameSet(tags, existing.tags)) patch.tags = tags;
  return Object.keys(patch).length ? patch : null;
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * The latest value of each metric: highest step, then latest timestamp (MLflow's own rule).
 * Names Modelgate refuses are made safe (`val/loss` → `val_loss`); NaN and infinities are
 * left out, since an eval metric must be a finite number.
 */
export function latestMetrics(metrics: MlflowMetric[]): Mapped<Record<string, number>> {
  const latest = new Map<string, MlflowMetric>();
  for (const m of metrics) {
    const prev = latest.get(m.key);
    if (!prev || m.step > prev.step || (m.step === prev.step && m.timestamp >= prev.timestamp))
      latest.set(m.key, m);
  }
  const warnings: string[] = [];
  const value: Record<string, number> = {};
  for (const key of [...latest.keys()].sort()) {
    const m = latest.get(key)!;
    if (typeof m.value !== "number" || !Number.isFinite(m.value)) {
      warnings.push(`metric ${key} is ${m.value}, not a finite number; left out`);
      continue;
    }
    let name = key.replace(/[^A-Za-z0-9_.@-]+/g, "_");
    if (!/^[A-Za-z]/.test(name)) name = `m_${name}`;
    name = name.slice(0, METRIC_MAX);
    if (!METRIC_RE.test(name) || name in value) {
      warnings.push(`metric ${key} is left out: its name clashes with another once made safe`);
      continue;
    }
    if (Object.keys(value).length >= MAX_METRICS) {
      warnings.push(`metric ${key} is left out: a version holds at most ${MAX_METRICS} metrics`);
      continue;
    }
    if (name !== key) warnings.push(`metric ${key} is stored as ${name}`);
    value[name] = m.value;
  }
  return { value, warnings };
}

/**
 * The artifact URI Modelgate stores for a version's `source`. Sources in MLflow's own schemes
 * are resolved to where the bytes are: `runs:/<id>/path` under the run's artifact root, and
 * `mlflow-artifacts:` through the tracking server's artifact proxy. Null with a reason when the
 * source cannot be expressed (e.g. dbfs:, or a run that is gone).
 */
export function artifactUri(
  source: string | undefined,
  trackingUri: string,
  run: MlflowRun | null,
): { uri: string } | { problem: string } {
  if (!source) return { problem: "the version has no source" };
  const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(source);
  if (runs) {
    const root = run?.info.artifact_uri;
    if (!root)
      return { problem: `source ${source} names run ${runs[1]}, whose artifact root is unknown` };
    const resolved = runs[2] ? `${root.replace(/\/+$/, "")}/${runs[2]}` : root;
    return artifactUri(resolved, trackingUri, null);
  }
  const proxied = /^mlflow-artifacts:(?:\/\/[^/]*)?\/+(.*)$/.exec(source);
  if (proxied) return { uri: `${trackingUri}/api/2.0/mlflow-artifacts/artifacts/${proxied[1]}` };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(source)?.[1]?.toLowerCase();
  if (!scheme || !MODELGATE_SCHEMES.includes(scheme))
    return {
      problem: `source ${source} is not a location Modelgate can store (schemes: s3, gs, azureml, hf, http(s), file where allowed)`,
    };
  return { uri: source };
}

/** Runs' URLs in the MLflow UI. */
export function runUrl(trackingUri: string, experimentId: string, runId: string): string {
  return `${trackingUri}/#/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
}

export const NOTE_MARKER = "<!-- imported from MLflow by `modelgate import mlflow` -->";

/** The version's note: MLflow's description, stage and aliases, in the model card. */
export function versionNote(
  mv: MlflowModelVersion,
  aliases: string[],
  trackingUri: string,
  runMissing: boolean,
): string {
  const lines = [
    NOTE_MARKER,
    `Imported from MLflow model **${mv.name}** version **${mv.version}** (${trackingUri}).`,
    "",
    `- Stage: ${mv.current_stage || "None"}`,
    `- Aliases: ${aliases.length ? aliases.map((a) => `\`${a}\``).join(", ") : "none"}`,
  ];
  if (mv.run_id)
    lines.push(
      `- Run: ${mv.run_id}${runMissing ? " (no longer in MLflow: imported without its metrics and parameters)" : ""}`,
    );
  if (mv.description?.trim()) lines.push("", mv.description.trim());
  return `${lines.join("\n")}\n`;
}

export interface VersionFields {
  artifactUri: string;
  evalMetrics: Record<string, number>;
  params: Record<string, string>;
  gitCommit?: string;
  runUrl?: string;
  modelCard: string;
}

export interface VersionPlan {
  identity: string;
  /** What to register, or why it cannot be. */
  fields: VersionFields | null;
  problem?: string;
  /** The run is gone: metrics, params and commit are left as they are. */
  runMissing: boolean;
  warnings: string[];
}

/** A Modelgate version from an MLflow version, its run (null when gone) and its aliases. */
export function planVersion(
  mv: MlflowModelVersion,
  run: MlflowRun | null,
  aliases: string[],
  trackingUri: string,
): VersionPlan {
  const identity = `${mv.name}#${mv.version}`;
  const runMissing = Boolean(mv.run_id) && run === null;
  const warnings: string[] = [];
  if (runMissing)
    warnings.push(`run ${mv.run_id} no longer exists in MLflow: imported without run data`);
  const artifact = artifactUri(mv.source, trackingUri, run);
  if ("problem" in artifact)
    return { identity, fields: null, problem: artifact.problem, runMissing, warnings };

  const metrics = latestMetrics(run?.data.metrics ?? []);
  warnings.push(...metrics.warnings);
  const params: Record<string, string> = {};
  for (const p of run?.data.params ?? []) {
    if (p.key.length > PARAM_KEY_MAX) warnings.push(`param ${p.key.slice(0, 40)}… is too long`);
    else params[p.key] = p.value;
  }
  params[ID_PARAMS.name] = mv.name;
  params[ID_PARAMS.version] = mv.version;
  if (mv.run_id) params[ID_PARAMS.runId] = mv.run_id;

  const commitTag = run?.data.tags.find((t) => t.key === "mlflow.source.git.commit")?.value;
  let gitCommit: string | undefined;
  if (commitTag && GIT_COMMIT_RE.test(commitTag)) gitCommit = commitTag.toLowerCase();
  else if (commitTag) warnings.push(`git commit "${commitTag}" is not a hex commit id; left out`);

  let url: string | undefined;
  if (mv.run_link && /^https?:\/\//i.test(mv.run_link)) url = mv.run_link;
  else if (run && mv.run_id) url = runUrl(trackingUri, run.info.experiment_id, mv.run_id);

  return {
    identity,
    fields: {
      artifactUri: artifact.uri,
      evalMetrics: metrics.value,
      params,
      gitCommit,
      runUrl: url,
      modelCard: versionNote(mv, aliases, trackingUri, runMissing),
    },
    runMissing,
    warnings,
  };
}

/** The aliases pointing at a version, from the version itself and from its registered model. */
export function aliasesOf(mv: MlflowModelVersion, rm: MlflowRegisteredModel): string[] {
  const fromModel = rm.aliases.filter((a) => a.version === mv.version).map((a) => a.alias);
  return [...new Set([...mv.aliases, ...fromModel])].sort();
}

export interface ExistingVersion {
  version: number;
  evalMetrics: Record<string, number>;
  params: Record<string, unknown> | null;
  gitCommit: string | null;
  runUrl: string | null;
  modelCard: string | null;
}

export interface VersionPatch {
  evalMetrics?: Record<string, number>;
  params?: Record<string, unknown>;
  gitCommit?: string;
  runUrl?: string;
  modelCard?: string;
}

/**
 * What to PATCH so an imported version matches MLflow again, or null. Only what the import
 * owns is compared: metrics and params are merged (names added in Modelgate stay), and a model
 * card someone wrote by hand (without the import's marker) is left alone.
 */
export function versionPatch(plan: VersionPlan, existing: ExistingVersion): VersionPatch | null {
  const fields = plan.fields;
  if (!fields) return null;
  const patch: VersionPatch = {};
  if (!plan.runMissing) {
    const changedMetrics = Object.entries(fields.evalMetrics).filter(
      ([k, v]) => existing.evalMetrics[k] !== v,
    );
    if (changedMetrics.length) patch.evalMetrics = Object.fromEntries(changedMetrics);
    const params = existing.params ?? {};
    if (Object.entries(fields.params).some(([k, v]) => params[k] !== v))
      patch.params = { ...params, ...fields.params };
    if (fields.gitCommit && fields.gitCommit !== existing.gitCommit?.toLowerCase())
      patch.gitCommit = fields.gitCommit;
    if (fields.runUrl && fields.runUrl !== existing.runUrl) patch.runUrl = fields.runUrl;
  }
  const ownsCard = !existing.modelCard || existing.modelCard.startsWith(NOTE_MARKER);
  if (ownsCard && existing.modelCard !== fields.modelCard) patch.modelCard = fields.modelCard;
  return Object.keys(patch).length ? patch : null;
}
