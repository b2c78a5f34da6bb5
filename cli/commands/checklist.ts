import type { z } from "zod";
import { Command } from "commander";
import type { checklist as checklistSchema, checklistItem } from "@/lib/schemas/checklist";
import { CliError } from "../errors";
import { api, positiveInt, versionPath, withJson } from "../shared";
import { out, printJson } from "../ui";

type Checklist = z.infer<typeof checklistSchema>;
type Item = z.infer<typeof checklistItem>;

function mark(item: Item): string {
  if (item.waived) return "[~]";
  if (item.done) return "[x]";
  return "[ ]";
}

function explain(item: Item): string {
  const parts: string[] = [];
  if (item.required) parts.push("required");
  if (item.evidence) parts.push(`evidence: ${item.evidence.reason}`);
  if (item.waived) parts.push(`waived: ${item.waiverReason ?? ""}`);
  if (item.checked && item.checkedBy) parts.push(`ticked by ${item.checkedBy.name}`);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

/** An item by its key (e.g. `requirements.metrics-defined`), a unique key suffix, or its id. */
export function findItem(list: Checklist, ref: string): Item {
  const items = list.stages.flatMap((s) => s.items);
  const exact = items.find((i) => i.id === ref || i.key === ref);
  if (exact) return exact;
  const loose = items.filter(
    (i) =>
      i.key.endsWith(`.${ref}`) ||
      i.key.endsWith(`/${ref}`) ||
      i.key.toLowerCase() === ref.toLowerCase(),
  );
  if (loose.length === 1) return loose[0];
  if (loose.length > 1)
    throw new CliError(
      `"${ref}" matches several items: ${loose.map((i) => i.key).join(", ")}. Use the full key or the id.`,
    );
  throw new CliError(`No checklist item "${ref}". Run \`modelgate checklist show\` for the keys.`);
}

export function checklistCommands(program: Command) {
  const checklist = program
    .command("checklist")
    .description("Show and tick a version's production-readiness checklist");

  withJson(
    checklist
      .command("show")
      .description("Show the checklist by stage: [x] done, [~] waived, [ ] open")
      .requiredOption("--model <slug>", "the model")
      .requiredOption("--version <n>", "the version number", positiveInt)
      .option(
        "--stage <stage>",
        "only this stage (requirements, preparation, environment, cicd, monitoring)",
      )
      .option("--open", "only items that are not done"),
  ).action(
    async (opts: {
      model: string;
      version: number;
      stage?: string;
      open?: boolean;
      json?: boolean;
    }) => {
      const list = await api().get<Checklist>(`${versionPath(opts.model, opts.version)}/checklist`);
      const stages = list.stages
        .filter((s) => !opts.stage || s.stage === opts.stage)
        .map((s) => ({ ...s, items: s.items.filter((i) => !opts.open || !i.done) }));
      if (opts.stage && stages.length === 0)
        throw new CliError(
          `No stage "${opts.stage}" (stages: ${list.stages.map((s) => s.stage).join(", ")}).`,
        );
      if (opts.json) return printJson({ ...list, stages });
      out(
        `${opts.model} v${opts.version} checklist: ${list.progress.done}/${list.progress.total} done`,
      );
      for (const s of stages) {
        out("");
        out(`${s.title} (${s.stage}) ${s.done}/${s.total}`);
        for (const i of s.items) out(`  ${mark(i)} ${i.key}  ${i.title}${explain(i)}`);
      }
    },
  );

  withJson(
    checklist
      .command("tick")
      .description(
        "Tick (or with --uncheck untick) items, by key or id. Evidence-backed items tick themselves and cannot be ticked by hand.",
      )
      .requiredOption("--model <slug>", "the model")
      .requiredOption("--version <n>", "the version number", positiveInt)
      .argument("<item...>", "item keys or ids (see `checklist show`)")
      .option("--note <text>", "a note to store with the item")
      .option("--evidence-url <url>", "a link to the evidence (http/https)")
      .option("--uncheck", "untick instead"),
  ).action(
    async (
      refs: string[],
      opts: {
        model: string;
        version: number;
        note?: string;
        evidenceUrl?: string;
        uncheck?: boolean;
        json?: boolean;
      },
    ) => {
      const client = api();
      const base = `${versionPath(opts.model, opts.version)}/checklist`;
      const list = await client.get<Checklist>(base);
      const items = refs.map((r) => findItem(list, r));
      const results: Item[] = [];
      for (const item of items) {
        const updated = await client.patch<Item>(
          `${base}/${encodeURIComponent(item.id)}`,
          {
            checked: !opts.uncheck,
            ...(opts.note !== undefined ? { note: opts.note } : {}),
            ...(opts.evidenceUrl !== undefined ? { evidenceUrl: opts.evidenceUrl } : {}),
          },
          { headers: { "If-Match": `"${item.updatedAt}"` } },
        );
        results.push(updated);
        if (!opts.json) out(`${mark(updated)} ${updated.key}  ${updated.title}`);
      }
      if (opts.json) printJson(results);
    },
  );
}
