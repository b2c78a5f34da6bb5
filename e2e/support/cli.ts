import { spawn } from "node:child_process";
import path from "node:path";
import { test } from "@playwright/test";
import { tokens } from "./fixtures";

// The `modelgate` CLI of this checkout (bin/modelgate.mjs) as a child process against the
// running app, for the specs that drive it.

export const repo = path.resolve(__dirname, "..", "..");
export const bin = path.join(repo, "bin", "modelgate.mjs");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  token?: string | null;
  input?: string;
  env?: Record<string, string | undefined>;
  /** Where `modelgate login` keeps its file (XDG_CONFIG_HOME); unset when not given. */
  configHome?: string;
  /** Called once the process is running (to act while it waits). */
  during?: () => Promise<void>;
}

export function baseURL(): string {
  return test.info().project.use.baseURL!;
}

export async function runCli(args: string[], options: RunOptions = {}): Promise<Run> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    MODELGATE_URL: baseURL(),
    MODELGATE_TOKEN: options.token === undefined ? tokens().editor : (options.token ?? undefined),
    XDG_CONFIG_HOME: options.configHome,
    MODELGATE_MAX_RETRIES: "2",
    FORCE_COLOR: "0",
    ...options.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: repo,
    env: env as NodeJS.ProcessEnv,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
  if (options.input !== undefined) child.stdin.end(options.input);
  else child.stdin.end();
  try {
    if (options.during) await options.during();
  } catch (e) {
    child.kill();
    throw e;
  }
  const code = await exited;
  return { code, stdout, stderr };
}

export const show = (r: Run) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
