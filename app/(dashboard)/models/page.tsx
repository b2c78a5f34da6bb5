import type { Metadata } from "next";
import Link from "next/link";
import { CreateModelDialog } from "@/components/models/create-model-dialog";
import { ModelSearchForm, ModelStageChips, modelsHref } from "@/components/models/model-filters";
import { ModelsTable } from "@/components/models/models-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePrincipal } from "@/lib/auth";
import { can } from "@/lib/permissions";
import { modelListQuery } from "@/lib/schemas/models";
import { listModels, runningCounts, stageCounts } from "@/lib/services/models";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string>>;
}) {
  const principal = await requirePrincipal();
  const sp = Object.fromEntries(
    Object.entries(await searchParams).filter(([, v]) => v !== "" && typeof v === "string"),
  );
  // Empty or unknown filter values are ignored rather than turned into an error page.
  const parsed = modelListQuery.safeParse(sp);
  const query = parsed.success ? parsed.data : modelListQuery.parse({});
  const [page, counts, running] = await Promise.all([
    listModels(query),
    stageCounts(),
    runningCounts(),
  ]);
  const filtered = Boolean(
    query.q ||
    query.stage ||
    query.runningIn ||
    query.risk ||
    query.tag ||
    query.owner ||
    query.task ||
    query.framework,
  );
  const next = page.nextCursor ? modelsHref(sp, { cursor: page.nextCursor }) : null;

  return (
    <>
      <PageHeader
        title="Models"
        description="Every model the organisation runs or plans to: its newest version, how far its checklist is, where it runs and what is wrong."
        actions={can(principal, "write") ? <CreateModelDialog /> : null}
      />
      <ModelStageChips sp={sp} query={query} counts={counts} running={running} />
      <ModelSearchForm query={query} filtered={filtered} />
      <ModelsTable items={page.items} filtered={filtered} />
      <div className="mt-3 flex items-center justify-between text-sm text-muted">
        <span>
          {page.items.length} shown{filtered ? " (filtered)" : ""}
        </span>
        {next ? (
          <Link href={next} className="text-accent hover:underline">
            Next page →
          </Link>
        ) : null}
      </div>
    </>
  );
}
