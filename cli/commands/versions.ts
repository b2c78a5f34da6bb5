import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { z } from "zod";
import { Command } from "commander";
import type { version as versionSchema } from "@/lib/schemas/versions";
import { CliError } from "../errors";
import {
  api,
  currentGitCommit,
  enc,
  fmtMetrics,
  positiveInt,
  readMetricsFile,
  readText,
  versionPath,
  withJson,
} from "../shared";
import { note, out, printJson, table } from "../ui";

type Version = z.infer<typeof versionSchema>;

async function sha256OfFile(file: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash("sha256");
  let size = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (e) {
    throw new CliError(
      `--sha256: "${file}" is neither 64 hex characters nor a readable file (${(e as Error).message}).`,
    );
  }
  return { sha256: hash.digest("hex"), sizeBytes: size };
}

interface RegisterOptions {
  model: string;
  artifact: string;
  image?: string;
  sha256?: string;
  size?: number;
  format?: string;
  metrics?: string;
  params?: string;
  card?: string;
  gitCommit?: string | true;
  trainingData?: string;
  runUrl?: string;
  retraining?: string;
  json?: boolean;
}

function ciRunUrl(): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, CI_JOB_URL } = process.env;
  if (GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID)
    return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
  return CI_JOB_URL || undefined;
}

export function versionCommands(program: Command) {
  const versions = program
    .command("versions")
    .description("Register versions and report their evaluation metrics");

  withJson(
    versions
      .command("register")
      .description(
        "Register a new version of a model and print its number (stdout holds only the number, for `V=$(modelgate versions register …)`)",
      )
      .requiredOption("--model <slug>", "the model")
      .requiredOption(
        "--artifact <uri>",
        "where the artifact lives: s3://, gs://, azureml://, hf://, https://",
      )
      .option(
        "--image <ref>",
        "the serving container: registry/repository[:tag][@sha256:<digest>], e.g. ghcr.io/acme/churn:1.4",
      )
      .option(
        "--sha256 <hex|file>",
        "the artifact's SHA-256, or a local file to hash (also sets the size)",
      )
      .option("--size <bytes>", "the artifact's size in bytes", positiveInt)
      .option("--format <format>", "e.g. onnx, pickle, safetensors")
      .option("--metrics <file.json>", 'eval metrics: a JSON object such as {"accuracy": 0.93}')
      .option("--params <file.json>", "training parameters (a JSON object)")
      .option("--card <README.md>", "the model card (Markdown)")
      .option(
        "--git-commit [sha]",
        "the commit it was trained from (without a value: $GITHUB_SHA or `git rev-parse HEAD`)",
      )
      .option("--training-data <text>", "the training data (a URI or description)")
      .option(
        "--run-url <url>",
        "link to the training run (default on GitHub Actions: the workflow run)",
      )
      .option(
        "--retraining <id>",
        "the retraining request this version answers (from the retraining.requested webhook); closes it",
      ),
  ).action(async (opts: RegisterOptions) => {
    let sha256: string | undefined;
    let sizeBytes = opts.size;
    if (opts.sha256 !== undefined) {
      if (/^[0-9a-fA-F]{64}$/.test(opts.sha256)) sha256 = opts.sha256.toLowerCase();
      else {
        const hashed = await sha256OfFile(opts.sha256);
        sha256 = hashed.sha256;
        sizeBytes ??= hashed.sizeBytes;
      }
    }
    let params: unknown;
    if (opts.params) {
      try {
        params = JSON.parse(readText(opts.params, "params file"));
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw new CliError(
          `The params file ${opts.params} is not valid JSON: ${(e as Error).message}`,
        );
      }
    }
    const body = {
      artifactUri: opts.artifact,
      image: opts.image,
      sha256,
      sizeBytes,
      format: opts.format,
      evalMetrics: opts.metrics ? readMetricsFile(opts.metrics) : undefined,
      params,
      modelCard: opts.card ? readText(opts.card, "model card") : undefined,
      gitCommit: opts.gitCommit === true ? currentGitCommit() : opts.gitCommit,
      trainingData: opts.trainingData,
      runUrl: opts.runUrl ?? ciRunUrl(),
      retrainingRequestId: opts.retraining,
    };
    const created = await api().post<Version>(`/api/v1/models/${enc(opts.model)}/versions`, body);
    if (opts.json) return printJson(created);
    note(
      `Registered ${opts.model} v${created.version} (${created.artifactUri})${opts.retraining ? `; retraining request ${opts.retraining} closed` : ""}.`,
    );
    out(String(created.version));
  });

  withJson(
    versions
      .command("report")
      .description("Report eval metrics for a version (merged into the ones it has)")
      .requiredOption("--model <slug>", "the model")
      .requiredOption("--version <n>", "the version number", positiveInt)
      .requiredOption(
        "--metrics <file.json>",
        "a JSON object of metric names to numbers; - for stdin",
      ),
  ).action(async (opts: { model: string; version: number; metrics: string; json?: boolean }) => {
    const metrics = readMetricsFile(opts.metrics);
    if (Object.keys(metrics).length === 0)
      throw new CliError(`The metrics file ${opts.metrics} holds no metrics.`);
    const updated = await api().patch<Version>(versionPath(opts.model, opts.version), {
      evalMetrics: metrics,
    });
    if (opts.json) return printJson(updated);
    out(
      `Reported ${Object.keys(metrics).length} metric(s) on ${opts.model} v${opts.version}: ${fmtMetrics(metrics)}`,
    );
    for (const c of updated.requirementChecks) {
      out(
        `  requirement ${c.name} ${c.rule} ${c.target}: ${c.actual ?? "not reported"} (${c.passed ? "met" : "NOT met"})`,
      );
    }
  });

  withJson(
    versions
      .command("list")
      .description("List a model's versions, newest first")
      .requiredOption("--model <slug>", "the model")
      .option("--limit <n>", "at most this many", positiveInt, 20),
  ).action(async (opts: { model: string; limit: number; json?: boolean }) => {
    const page = await api().get<{ items: Version[] }>(
      `/api/v1/models/${enc(opts.model)}/versions`,
      { query: { limit: Math.min(500, opts.limit) } },
    );
    if (opts.json) return printJson(page.items);
    if (page.items.length === 0) return out(`${opts.model} has no versions.`);
    const rows = page.items.map((v) => [
      `v${v.version}`,
      v.stage,
      v.createdAt.slice(0, 16).replace("T", " "),
      fmtMetrics(v.evalMetrics) || "-",
      v.artifactUri,
    ]);
    for (const line of table(["VERSION", "STAGE", "CREATED", "METRICS", "ARTIFACT"], rows))
      out(line);
  });
}
