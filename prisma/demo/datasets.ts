import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Row } from "./train";

const require = createRequire(import.meta.url);
// The package exports only its JS entry (build/index.js); the data folder sits beside build/.
const dataDir = path.join(path.dirname(require.resolve("vega-datasets")), "..", "data");

export function loadJson(name: string): Row[] {
  return JSON.parse(readFileSync(path.join(dataDir, name), "utf8")) as Row[];
}

export function loadCsv(name: string): Row[] {
  const rows = parse(readFileSync(path.join(dataDir, name), "utf8"), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, v !== "" && !Number.isNaN(Number(v)) ? Number(v) : v]),
    ),
  );
}
