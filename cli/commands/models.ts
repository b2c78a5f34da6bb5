import type { z } from "zod";
import { Command, Option } from "commander";
import type { model as modelSchema, modelListItem } from "@/lib/schemas/models";
import { riskLevels, taskTypes, versionStages } from "../enums";
import { api, positiveInt, withJson } from "../shared";
import { out, printJson, table } from "../ui";

type Model = z.infer<typeof modelSchema>;
type ModelListItem = z.infer<typeof modelListItem>;

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function modelCommands(program: Command) {
  const models = program.command("models").description("Register and list models");

  withJson(
    models
      .command("create")
      .description("Register a model")
      .argument("<slug>", "the model's slug: lowercase letters, digits and single hyphens")
      .option("--name <name>", "display name (default: the slug)")
      .option("--description <text>", "what the model does")
      .addOption(new Option("--task <type>", "task type").choices(taskTypes))
      .option("--framework <name>", "e.g. pytorch, sklearn, xgboost")
      .option("--tag <tag>", "a tag (repeatable)", collect)
      .addOption(new Option("--risk <level>", "risk level").choices(riskLevels)),
  ).action(
    async (
      slug: string,
      opts: {
        name?: string;
        description?: string;
        task?: string;
        framework?: string;
        tag?: string[];
        risk?: string;
        json?: boolean;
      },
    ) => {
      const created = await api().post<Model>("/api/v1/models", {
        slug,
        name: opts.name ?? slug,
        description: opts.description,
        taskType: opts.task,
        framework: opts.framework,
        tags: opts.tag,
        riskLevel: opts.risk,
      });
      if (opts.json) return printJson(created);
      out(`Created model ${created.slug} (${created.name}).`);
    },
  );

  withJson(
    models
      .command("list")
      .description("List models, most recently updated first")
      .option("-q, --query <text>", "filter by text")
      .option("--tag <tag>", "only models with this tag")
      .addOption(
        new Option("--stage <stage>", "stage of the newest version").choices(versionStages),
      )
      .option("--owner <email>", "owner's email or id")
      .option("--archived", "list archived models instead")
      .option("--limit <n>", "at most this many models", positiveInt, 50)
      .option("--all", "every model (follows all pages)"),
  ).action(
    async (opts: {
      query?: string;
      tag?: string;
      stage?: string;
      owner?: string;
      archived?: boolean;
      limit: number;
      all?: boolean;
      json?: boolean;
    }) => {
      const client = api();
      const items: ModelListItem[] = [];
      let cursor: string | undefined;
      do {
        const want = opts.all ? 500 : Math.min(500, opts.limit - items.length);
        const page = await client.get<{ items: ModelListItem[]; nextCursor: string | null }>(
          "/api/v1/models",
          {
            query: {
              q: opts.query,
              tag: opts.tag,
              stage: opts.stage,
              owner: opts.owner,
              archived: opts.archived ? "true" : undefined,
              limit: want,
              cursor,
            },
          },
        );
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && (opts.all || items.length < opts.limit));
      if (opts.json) return printJson(items);
      if (items.length === 0) return out("No models.");
      const rows = items.map((m) => [
        m.slug,
        m.latestVersion ? `v${m.latestVersion.version}` : "-",
        m.latestVersion?.stage ?? "-",
        m.deployments.map((d) => `${d.target.slug}@v${d.version}`).join(",") || "-",
        m.checklist ? `${m.checklist.done}/${m.checklist.total}` : "-",
        String(m.openAlerts),
        m.name,
      ]);
      for (const line of table(
        ["SLUG", "LATEST", "STAGE", "DEPLOYED", "CHECKLIST", "ALERTS", "NAME"],
        rows,
      ))
        out(line);
    },
  );
}
