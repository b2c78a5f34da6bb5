import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { CliError } from "./errors";

// Where the CLI finds the API: MODELGATE_URL / MODELGATE_TOKEN win over the file written by
// `modelgate login` ($XDG_CONFIG_HOME/modelgate/config.json, else ~/.config/modelgate/config.json).

export interface StoredConfig {
  url?: string;
  token?: string;
}

export interface Config {
  url: string;
  token: string;
  source: { url: string; token: string };
}

export function configDir(): string {
  const xdg = process.env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), ".config");
  return path.join(base, "modelgate");
}

export const configPath = () => path.join(configDir(), "config.json");

export function readStoredConfig(): StoredConfig {
  const file = configPath();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CliError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as StoredConfig;
    return {
      url: typeof parsed.url === "string" ? parsed.url : undefined,
      token: typeof parsed.token === "string" ? parsed.token : undefined,
    };
  } catch {
    throw new CliError(`${file} is not valid JSON; run \`modelgate login\` again or delete it.`);
  }
}

/** Writes the config readable by the owner only (0600, directory 0700). */
export function writeStoredConfig(config: StoredConfig): string {
  const dir = configDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = configPath();
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its old mode otherwise
  return file;
}

export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(
      `The Modelgate URL "${raw}" is not a valid URL (expected e.g. https://modelgate.example.com).`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new CliError(`The Modelgate URL must be http(s), got "${raw}".`);
  return url.toString().replace(/\/+$/, "");
}

export function loadConfig(): Config {
  const stored = readStoredConfig();
  const envUrl = process.env.MODELGATE_URL?.trim();
  const envToken = process.env.MODELGATE_TOKEN?.trim();
  const url = envUrl || stored.url;
  const token = envToken || stored.token;
  if (!url) throw new CliError("No Modelgate URL: set MODELGATE_URL or run `modelgate login`.");
  if (!token) throw new CliError("No API token: set MODELGATE_TOKEN or run `modelgate login`.");
  return {
    url: normalizeUrl(url),
    token,
    source: {
      url: envUrl ? "MODELGATE_URL" : configPath(),
      token: envToken ? "MODELGATE_TOKEN" : configPath(),
    },
  };
}
