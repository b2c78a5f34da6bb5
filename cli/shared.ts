import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { Api } from "./api";
import { loadConfig } from "./config";
import { CliError } from "./errors";
import { note } from "./ui";

/** The API client for the configured URL and token. */
export function api(): Api {
  const config = loadConfig();
  return new Api(config.url, config.token, {
    onRetry: ({ attempt, delayMs, reason }) => {
      if (process.env.MODELGATE_QUIET_RETRIES !== "1")
        note(
          `modelgate: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)}s (attempt ${attempt + 1})`,
        );
    },
  });
}

/** Every leaf command takes --json. */
export function withJson(cmd: Command): Command {
  return cmd.addOption(new Option("--json", "print the result as JSON (for scripts)"));
}

export const enc = encodeURIComponent;

export function versionPath(model: string, version: number): string {
  return `/api/v1/models/${enc(model)}/versions/${version}`;
}

/** Commander argument parser for a positive integer option. */
export function positiveInt(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError("must be a positive whole number.");
  return n;
}

export function readText(file: string, what: string): string {
  try {
    return file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(
      `Cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
  }
}

/** A metrics file: a flat JSON object of finite numbers, e.g. `{ "accuracy": 0.93, "f1": 0.9 }`. */
export function readMetricsFile(file: string): Record<string, number> {
  const text = readText(file, "metrics file");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CliError(`The metrics file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new CliError(
      `The metrics file ${file} must hold a JSON object of metric names to numbers, e.g. {"accuracy": 0.93}.`,
    );
  }
  const problems: string[] = [];
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === "number" && Number.isFinite(v)) metrics[k] = v;
    else problems.push(`${k}: must be a number, got ${JSON.stringify(v)}`);
  }
  if (problems.length)
    throw new CliError(`The metrics file ${file} has values that are not numbers.`, 2, problems);
  return metrics;
}

/** The current git commit: $GITHUB_SHA / $CI_COMMIT_SHA, else `git rev-parse HEAD`. */
export function currentGitCommit(): string {
  const fromEnv = process.env.GITHUB_SHA || process.env.CI_COMMIT_SHA;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    throw new CliError(
      "--git-commit without a value needs a git checkout (or GITHUB_SHA); pass the commit id explicitly.",
    );
  }
}

export const fmtMetrics = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
