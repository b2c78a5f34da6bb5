import type { z } from "zod";
import { Command, Option } from "commander";
import type { model as modelSchema } from "@/lib/schemas/models";
import type { version as versionSchema } from "@/lib/schemas/versions";
import type { Api } from "../api";
import { ApiError, CliError, EXIT_FAILED, EXIT_OK } from "../errors";
import {
  aliasesOf,
  authFromEnv,
  identityOf,
  MlflowClient,
  MlflowError,
  type MlflowRegisteredModel,
  type MlflowRun,
  modelPatch,
  planModel,
  planVersion,
  versionPatch,
} from "../mlflow";
import { api, enc, positiveInt, versionPath, withJson } from "../shared";
import { note, out, printJson } from "../ui";

// `modelgate import mlflow`: copies an MLflow model registry into Modelgate. Each MLflow
// version is found again by the `mlflow.name` and `mlflow.version` params it was imported
// with, so a re-run creates nothing twice and PATCHes only what changed. Models are handled
// one at a time; a model or version that fails is reported and the rest go on (exit 1).

type Model = z.infer<typeof modelSchema>;
type Version = z.infer<typeof versionSchema>;

type Action = "created" | "updated" | "unchanged" | "skipped" | "failed";

interface VersionResult {
  mlflowVersion: string;
  /** The Modelgate version number (null when not created, e.g. in a dry run). */
  version: number | null;
  action: Action;
  changes: string[];
  warnings: string[];
  error?: string;
}

interface ModelResult {
  mlflowName: string;
  slug: string | null;
  action: Action;
  changes: string[];
  warnings: string[];
  error?: string;
  versions: VersionResult[];
}

type Counts = Record<Action, number>;
const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 });

interface ImportOptions {
  trackingUri?: string;
  model?: string[];
  dryRun?: boolean;
  json?: boolean;
  timeout: number;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** A per-item failure the import reports and goes on from; others (401, no connection) stop it. */
function itemError(e: unknown): string {
  if (e instanceof ApiError && e.status !== 401 && e.status !== 403)
    return [e.message, ...e.details].join("; ");
  if (e instanceof MlflowError) return [e.message, ...e.details].join("; ");
  throw e;
}

async function getOrNull<T>(client: Api, path: string): Promise<T | null> {
  try {
    return await client.get<T>(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** Every Modelgate version of a model imported from MLflow, by `name#version`. */
async function importedVersions(client: Api, slug: string): Promise<Map<string, Version>> {
  const byIdentity = new Map<string, Version>();
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const answer = await client.get<{ items: Version[]; nextCursor: string | null }>(
      `/api/v1/models/${enc(slug)}/versions`,
      { query: { limit: 500, cursor } },
    );
    for (const v of answer.items) {
      const id = identityOf(v.params);
      if (id && !byIdentity.has(id)) byIdentity.set(id, v);
    }
    if (!answer.nextCursor) return byIdentity;
    cursor = answer.nextCursor;
  }
  throw new CliError(`Modelgate kept paging the versions of ${slug}; stopping.`);
}

interface ImportContext {
  mlflow: MlflowClient;
  client: Api;
  dryRun: boolean;
  /** Which MLflow name took each slug in this run, to catch two names on one slug. */
  slugOwners: Map<string, string>;
  /** Runs already read (several versions may come from one run). */
  runs: Map<string, Promise<MlflowRun | null>>;
}

function runOf(ctx: ImportContext, runId: string): Promise<MlflowRun | null> {
  let run = ctx.runs.get(runId);
  if (!run) ctx.runs.set(runId, (run = ctx.mlflow.run(runId)));
  return run;
}

async function importModel(ctx: ImportContext, rm: MlflowRegisteredModel): Promise<ModelResult> {
  const { mlflow, client, dryRun, slugOwners } = ctx;
  const plan = planModel(rm);
  const result: ModelResult = {
    mlflowName: rm.name,
    slug: plan.slug,
    action: "unchanged",
    changes: [],
    warnings: plan.warnings,
    versions: [],
  };
  const owner = slugOwners.get(plan.slug);
  if (owner !== undefined && owner !== rm.name) {
    result.action = "failed";
    result.error = `MLflow models "${owner}" and "${rm.name}" both become slug ${plan.slug}; import one with --model`;
    return result;
  }
  slugOwners.set(plan.slug, rm.name);

  let existing: Model | null;
  try {
    existing = await getOrNull<Model>(client, `/api/v1/models/${enc(plan.slug)}`);
    if (!existing) {
      result.action = "created";
      result.changes.push("new model");
      if (!dryRun) await client.post<Model>("/api/v1/models", plan.create);
    } else {
      const patch = modelPatch(plan, existing);
      if (patch) {
        result.action = "updated";
        result.changes.push(...Object.keys(patch));
        if (!dryRun) await client.patch<Model>(`/api/v1/models/${enc(plan.slug)}`, patch);
      }
    }
  } catch (e) {
    result.action = "failed";
    result.error = itemError(e);
    return result;
  }

  let versions;
  let imported = new Map<string, Version>();
  try {
    versions = await mlflow.modelVersions(rm.name);
    if (existing) imported = await importedVersions(client, plan.slug);
  } catch (e) {
    result.action = "failed";
    result.error = itemError(e);
    return result;
  }
  for (const id of imported.keys()) {
    // A version imported under this slug from a differently named MLflow model: two names
    // collide on one slug across runs.
    if (!id.startsWith(`${rm.name}#`)) {
      result.action = "failed";
      result.error = `${plan.slug} already holds versions imported from MLflow model "${id.split("#")[0]}"`;
      return result;
    }
  }

  // Ascending order, so Modelgate's numbers follow MLflow's where the registry is imported whole.
  for (const mv of versions) {
    const vr: VersionResult = {
      mlflowVersion: mv.version,
      version: null,
      action: "unchanged",
      changes: [],
      warnings: [],
    };
    result.versions.push(vr);
    if (mv.status && mv.status !== "READY") {
      vr.action = "skipped";
      vr.warnings.push(`status ${mv.status}${mv.status_message ? `: ${mv.status_message}` : ""}`);
      continue;
    }
    try {
      const run = mv.run_id ? await runOf(ctx, mv.run_id) : null;
      // A `models:/` source names a logged model, not a place: ask the registry where it is.
      const source = mv.source?.startsWith("models:")
        ? await mlflow.downloadUri(mv.name, mv.version)
        : mv.source;
      const vp = planVersion({ ...mv, source }, run, aliasesOf(mv, rm), mlflow.trackingUri);
      vr.warnings.push(...vp.warnings);
      const have = imported.get(vp.identity);
      if (have) {
        vr.version = have.version;
        const patch = versionPatch(vp, have);
        if (patch) {
          vr.action = "updated";
          vr.changes.push(...changeList(patch));
          if (!dryRun) await patchVersion(client, versionPath(plan.slug, have.version), patch, vr);
        }
        continue;
      }
      if (!vp.fields) {
        vr.action = "failed";
        vr.error = vp.problem;
        continue;
      }
      vr.action = "created";
      vr.changes.push("new version");
      if (!dryRun) {
        const created = await client.post<Version>(
          `/api/v1/models/${enc(plan.slug)}/versions`,
          vp.fields,
        );
        vr.version = created.version;
      }
    } catch (e) {
      vr.action = "failed";
      vr.error = itemError(e);
    }
  }
  return result;
}

/**
 * PATCHes an imported version. One that is approved or running is frozen (409): MLflow moving
 * an alias must not make every later import fail, so it is skipped with a note instead.
 */
async function patchVersion(client: Api, path: string, patch: object, vr: VersionResult) {
  try {
    await client.patch<Version>(path, patch);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 409)) throw e;
    vr.action = "skipped";
    vr.warnings.push(`not updated: ${e.problem.detail ?? e.message}`);
  }
}

/** `evalMetrics: a, b` style summaries of a PATCH body. */
function changeList(patch: object): string[] {
  return Object.entries(patch).map(([k, v]) =>
    k === "evalMetrics" || k === "params" ? `${k} (${Object.keys(v as object).join(", ")})` : k,
  );
}

function totals(models: ModelResult[]) {
  const m = zero();
  const v = zero();
  for (const r of models) {
    m[r.action]++;
    for (const x of r.versions) v[x.action]++;
  }
  return { models: m, versions: v };
}

const fmtCounts = (c: Counts, dryRun: boolean) =>
  `${c.created} ${dryRun ? "to create" : "created"}, ${c.updated} ${dryRun ? "to update" : "updated"}, ${c.unchanged} unchanged` +
  (c.skipped ? `, ${c.skipped} skipped` : "") +
  `, ${c.failed} failed`;

function printText(models: ModelResult[], dryRun: boolean) {
  const would = (a: Action) =>
    dryRun && (a === "created" || a === "updated") ? `would be ${a}` : a;
  for (const m of models) {
    out(
      `${m.mlflowName} → ${m.slug ?? "-"}: ${would(m.action)}${m.changes.length && m.action !== "created" ? ` (${m.changes.join(", ")})` : ""}`,
    );
    if (m.error) out(`  error: ${m.error}`);
    for (const w of m.warnings) out(`  note: ${w}`);
    for (const v of m.versions) {
      const target = v.version ? ` → v${v.version}` : "";
      const changes = v.action === "updated" ? ` (${v.changes.join("; ")})` : "";
      out(`  version ${v.mlflowVersion}${target}: ${would(v.action)}${changes}`);
      if (v.error) out(`    error: ${v.error}`);
      for (const w of v.warnings) out(`    note: ${w}`);
    }
  }
  const t = totals(models);
  out(`${dryRun ? "Dry run, nothing changed. " : ""}Models: ${fmtCounts(t.models, dryRun)}.`);
  out(`Versions: ${fmtCounts(t.versions, dryRun)}.`);
}

export function importCommands(program: Command) {
  const imports = program
    .command("import")
    .description("Import models and versions from other registries");

  withJson(
    imports
      .command("mlflow")
      .description(
        "Import an MLflow model registry: models, versions with their run's metrics, params and commit; re-runs update only what changed",
      )
      .addOption(
        new Option(
          "--tracking-uri <url>",
          "the MLflow tracking server, e.g. http://mlflow:5000",
        ).env("MLFLOW_TRACKING_URI"),
      )
      .option("--model <name>", "only this registered model (repeatable; default: all)", collect)
      .option("--dry-run", "read everything and say what would change, change nothing")
      .option(
        "--timeout <seconds>",
        "give up on an MLflow request after this many seconds",
        positiveInt,
        30,
      ),
  ).action(async (opts: ImportOptions) => {
    if (!opts.trackingUri)
      throw new CliError("--tracking-uri is required (or set MLFLOW_TRACKING_URI).");
    const mlflow = new MlflowClient(opts.trackingUri, {
      auth: authFromEnv(),
      timeoutMs: opts.timeout * 1000,
    });
    const client = api();
    const dryRun = Boolean(opts.dryRun);

    const results: ModelResult[] = [];
    const registered: MlflowRegisteredModel[] = [];
    if (opts.model?.length) {
      for (const name of [...new Set(opts.model)]) {
        const found = (await mlflow.registeredModels(name)).filter((m) => m.name === name);
        if (found.length) registered.push(found[0]);
        else
          results.push({
            mlflowName: name,
            slug: null,
            action: "failed",
            changes: [],
            warnings: [],
            error: `MLflow has no registered model named "${name}"`,
            versions: [],
          });
      }
    } else registered.push(...(await mlflow.registeredModels()));

    const ctx: ImportContext = {
      mlflow,
      client,
      dryRun,
      slugOwners: new Map(),
      runs: new Map(),
    };
    for (const rm of registered) results.push(await importModel(ctx, rm));

    const t = totals(results);
    const failed = t.models.failed + t.versions.failed > 0;
    if (opts.json)
      printJson({ trackingUri: mlflow.trackingUri, dryRun, totals: t, models: results });
    else printText(results, dryRun);
    if (failed && !opts.json) note("modelgate: some models or versions could not be imported.");
    process.exitCode = failed ? EXIT_FAILED : EXIT_OK;
  });
}
