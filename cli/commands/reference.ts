import { readFileSync } from "node:fs";
import type { z } from "zod";
import { Command } from "commander";
import type { referenceSummary } from "@/lib/schemas/drift";
import { CliError } from "../errors";
import { api, positiveInt, versionPath, withJson } from "../shared";
import { fmtInt, out, printJson, table } from "../ui";

type ReferenceSummary = z.infer<typeof referenceSummary>;

const fmtNum = (n: number | null) =>
  n === null ? "-" : Number.isInteger(n) ? String(n) : n.toPrecision(4);

export function referenceCommands(program: Command) {
  const reference = program.command("reference").description("Reference data for drift detection");

  withJson(
    reference
      .command("upload")
      .description(
        "Upload a version's reference data (the data it was trained or validated on) as CSV with a header row, or JSON { rows: [...] }",
      )
      .requiredOption("--model <slug>", "the model")
      .requiredOption("--version <n>", "the version number", positiveInt)
      .argument("<file>", "a .csv file (or .json); - reads CSV from stdin")
      .option(
        "--types <list>",
        "feature types for CSV, e.g. region:categorical,age:numerical (default: inferred)",
      ),
  ).action(
    async (
      file: string,
      opts: { model: string; version: number; types?: string; json?: boolean },
    ) => {
      let data: Buffer;
      try {
        data = readFileSync(file === "-" ? 0 : file);
      } catch (e) {
        throw new CliError(
          `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
        );
      }
      const isJson = /\.json$/i.test(file);
      if (isJson && opts.types)
        throw new CliError("--types is for CSV files; put `types` in the JSON body instead.");
      const summary = await api().put<ReferenceSummary>(
        `${versionPath(opts.model, opts.version)}/reference`,
        {
          rawBody: data,
          contentType: isJson ? "application/json" : "text/csv",
          query: { types: opts.types },
        },
      );
      if (opts.json) return printJson(summary);
      out(
        `Uploaded reference data for ${opts.model} v${opts.version}: ${fmtInt(summary.rowCount)} rows, ${summary.features.length} features.`,
      );
      const rows = summary.features.map((f) => [
        f.name,
        f.type,
        fmtInt(f.count),
        fmtInt(f.missing),
        fmtInt(f.distinct),
        fmtNum(f.mean),
        fmtNum(f.min),
        fmtNum(f.max),
      ]);
      for (const line of table(
        ["FEATURE", "TYPE", "COUNT", "MISSING", "DISTINCT", "MEAN", "MIN", "MAX"],
        rows,
      ))
        out(`  ${line}`);
    },
  );
}
