import { Boxes, Search } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CreateModelDialog } from "@/components/models/create-model-dialog";
import { Badge, RiskBadge, StageBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePrincipal } from "@/lib/auth";
import { can } from "@/lib/permissions";
import { modelListQuery, riskLevels, versionStages } from "@/lib/schemas/models";
import { listModels } from "@/lib/services/models";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const principal = await requirePrincipal();
  const sp = await searchParams;
  // Empty form fields arrive as "": treat them as absent rather than as invalid values.
  const parsed = modelListQuery.safeParse(Object.fromEntries(Object.entries(sp).filter(([, v]) => v !== "")));
  const query = parsed.success ? parsed.data : modelListQuery.parse({});
  const page = await listModels(query);
  const filtered = Boolean(query.q || query.stage || query.risk || query.tag || query.owner);
  const next = page.nextCursor ? `?${new URLSearchParams({ ...sp, cursor: page.nextCursor })}` : null;

  return (
    <>
      <PageHeader
        title="Models"
        description="Every model the organisation runs or plans to, with its newest version and where it stands."
        actions={can(principal, "write") ? <CreateModelDialog /> : null}
      />
      <form className="mb-3 flex flex-wrap items-center gap-2" role="search">
        <div className="relative">
          <Search className="pointer-events-none absolute left-2 top-2 size-4 text-muted" aria-hidden />
          <Input name="q" defaultValue={query.q} placeholder="Search name, slug, tag…" aria-label="Search models" className="w-64 pl-8" />
        </div>
        <Select name="stage" defaultValue={query.stage ?? ""} aria-label="Stage" className="w-40">
          <option value="">Any stage</option>
          {versionStages.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
        <Select name="risk" defaultValue={query.risk ?? ""} aria-label="Risk" className="w-36">
          <option value="">Any risk</option>
          {riskLevels.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
        <Select name="sort" defaultValue={query.sort} aria-label="Sort" className="w-44">
          <option value="-updated">Recently updated</option>
          <option value="name">Name A–Z</option>
          <option value="-created">Newest</option>
        </Select>
        <button type="submit" className="h-8 rounded-md border border-border bg-surface px-3 text-sm hover:bg-surface-2">
          Apply
        </button>
        {filtered ? (
          <Link href="/models" className="text-sm text-muted hover:text-fg">
            Clear
          </Link>
        ) : null}
      </form>
      <Card>
        {page.items.length === 0 ? (
          <EmptyState icon={Boxes} title={filtered ? "No model matches" : "No models yet"}>
            {filtered
              ? "Try fewer filters or another search."
              : "Register your first model here, or from a pipeline with POST /api/v1/models."}
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Model</Th>
                <Th>Task</Th>
                <Th>Owner</Th>
                <Th>Latest version</Th>
                <Th>Risk</Th>
                <Th>Tags</Th>
                <Th numeric>Updated</Th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((m) => (
                <Tr key={m.id}>
                  <Td>
                    <div className="font-medium">{m.name}</div>
                    <div className="font-mono text-xs text-muted">{m.slug}</div>
                  </Td>
                  <Td className="text-muted">
                    {m.taskType.replace("_", " ")}
                    {m.framework ? <span className="block text-xs">{m.framework}</span> : null}
                  </Td>
                  <Td className="text-muted">{m.owner?.name ?? "—"}</Td>
                  <Td>
                    {m.latestVersion ? (
                      <span className="flex items-center gap-2">
                        <span className="font-mono text-xs">v{m.latestVersion.version}</span>
                        <StageBadge stage={m.latestVersion.stage} />
                      </span>
                    ) : (
                      <span className="text-muted">no versions</span>
                    )}
                  </Td>
                  <Td>
                    <RiskBadge risk={m.riskLevel} />
                  </Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {m.tags.map((t) => (
                        <Badge key={t}>{t}</Badge>
                      ))}
                    </div>
                  </Td>
                  <Td numeric className="text-muted">
                    <RelativeTime value={m.updatedAt} />
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {next ? (
        <div className="mt-3 flex justify-end">
          <Link href={next} className="text-sm text-accent hover:underline">
            Next page →
          </Link>
        </div>
      ) : null}
    </>
  );
}
