import { AlertTriangle, Boxes, Search } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CreateModelDialog } from "@/components/models/create-model-dialog";
import { Badge, RiskBadge, StageBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Progress } from "@/components/ui/progress";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePrincipal } from "@/lib/auth";
import { cn } from "@/lib/cn";
import { can } from "@/lib/permissions";
import { modelListQuery, riskLevels, taskTypes } from "@/lib/schemas/models";
import { listModels, runningCounts, stageCounts } from "@/lib/services/models";

export const metadata: Metadata = { title: "Models" };

const stageTabs = [
  { key: "", label: "All" },
  { key: "development", label: "Development" },
  { key: "staging", label: "Staging" },
  { key: "production", label: "Production" },
  { key: "archived", label: "Retired" },
] as const;

const chip = (active: boolean) =>
  cn(
    "inline-flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm",
    active
      ? "border-accent bg-accent/10 font-medium text-accent"
      : "border-border bg-surface text-muted hover:text-fg",
  );

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
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
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
  const withParams = (over: Record<string, string | undefined>) => {
    const p = new URLSearchParams(sp);
    p.delete("cursor");
    for (const [k, v] of Object.entries(over)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    const s = p.toString();
    return s ? `/models?${s}` : "/models";
  };
  const next = page.nextCursor ? withParams({ cursor: page.nextCursor }) : null;

  return (
    <>
      <PageHeader
        title="Models"
        description="Every model the organisation runs or plans to: its newest version, how far its checklist is, where it runs and what is wrong."
        actions={can(principal, "write") ? <CreateModelDialog /> : null}
      />
      <div className="mb-3 flex flex-wrap items-center gap-x-6 gap-y-2">
        <nav
          aria-label="Stage of the newest version"
          className="flex flex-wrap items-center gap-1.5"
        >
          <span className="mr-1 text-xs text-muted">Newest version</span>
          {stageTabs.map((t) => {
            const active = (query.stage ?? "") === t.key && !query.runningIn;
            const n = t.key ? counts[t.key] : total;
            return (
              <Link
                key={t.key || "all"}
                href={withParams({ stage: t.key || undefined, runningIn: undefined })}
                aria-current={active ? "page" : undefined}
                className={chip(active)}
              >
                {t.label}
                <span className="tabular-nums text-xs">{n ?? 0}</span>
              </Link>
            );
          })}
        </nav>
        {/* Where models run is not the newest version's stage: v1 can serve production while v2 is in development. */}
        <nav aria-label="Where models run" className="flex flex-wrap items-center gap-1.5">
          <span className="mr-1 text-xs text-muted">Running in</span>
          {(["production", "staging"] as const).map((env) => {
            const active = query.runningIn === env;
            return (
              <Link
                key={env}
                href={withParams({ runningIn: active ? undefined : env, stage: undefined })}
                aria-current={active ? "page" : undefined}
                className={chip(active)}
              >
                {env === "production" ? "Production" : "Staging"}
                <span className="tabular-nums text-xs">{running[env]}</span>
              </Link>
            );
          })}
        </nav>
      </div>
      <form className="mb-3 flex flex-wrap items-center gap-2" role="search" action="/models">
        {query.stage ? <input type="hidden" name="stage" value={query.stage} /> : null}
        {query.runningIn ? <input type="hidden" name="runningIn" value={query.runningIn} /> : null}
        <div className="relative">
          <Search
            className="pointer-events-none absolute left-2 top-2 size-4 text-muted"
            aria-hidden
          />
          <Input
            name="q"
            defaultValue={query.q}
            placeholder="Search name, slug, description, tag…"
            aria-label="Search models"
            className="w-72 pl-8"
          />
        </div>
        <Select name="task" defaultValue={query.task ?? ""} aria-label="Task" className="w-40">
          <option value="">Any task</option>
          {taskTypes.map((t) => (
            <option key={t} value={t}>
              {t.replace("_", " ")}
            </option>
          ))}
        </Select>
        <Select name="risk" defaultValue={query.risk ?? ""} aria-label="Risk" className="w-32">
          <option value="">Any risk</option>
          {riskLevels.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
        <Input
          name="framework"
          defaultValue={query.framework}
          placeholder="Framework"
          aria-label="Framework"
          className="w-32"
        />
        <Input
          name="tag"
          defaultValue={query.tag}
          placeholder="Tag"
          aria-label="Tag"
          className="w-28"
        />
        <Input
          name="owner"
          defaultValue={query.owner}
          placeholder="Owner email"
          aria-label="Owner"
          className="w-40"
        />
        <Select name="sort" defaultValue={query.sort} aria-label="Sort" className="w-40">
          <option value="-updated">Recently updated</option>
          <option value="name">Name A–Z</option>
          <option value="-name">Name Z–A</option>
          <option value="-created">Newest</option>
          <option value="created">Oldest</option>
        </Select>
        <button
          type="submit"
          className="h-8 rounded-md border border-border bg-surface px-3 text-sm hover:bg-surface-2"
        >
          Apply
        </button>
        {filtered ? (
          <Link href="/models" className="text-sm text-muted hover:text-fg">
            Clear filters
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
          <Table className="max-h-[calc(100vh-17rem)]">
            <thead>
              <tr>
                <Th>Model</Th>
                <Th>Task</Th>
                <Th>Owner</Th>
                <Th>Newest version</Th>
                <Th>Checklist</Th>
                <Th>Deployed to</Th>
                <Th>Risk</Th>
                <Th numeric>Alerts</Th>
                <Th numeric>Updated</Th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((m) => (
                <Tr key={m.id}>
                  <Td>
                    <Link
                      href={`/models/${m.slug}`}
                      className="font-medium hover:text-accent hover:underline"
                    >
                      {m.name}
                    </Link>
                    <div className="flex flex-wrap items-center gap-1 font-mono text-xs text-muted">
                      {m.slug}
                      {m.tags.slice(0, 3).map((t) => (
                        <Badge key={t} className="font-sans">
                          {t}
                        </Badge>
                      ))}
                    </div>
                  </Td>
                  <Td className="text-muted">
                    {m.taskType.replace("_", " ")}
                    {m.framework ? <span className="block text-xs">{m.framework}</span> : null}
                  </Td>
                  <Td className="text-muted">{m.owner?.name ?? "—"}</Td>
                  <Td>
                    {m.latestVersion ? (
                      <Link
                        href={`/models/${m.slug}/versions/${m.latestVersion.version}`}
                        className="flex items-center gap-2 hover:underline"
                      >
                        <span className="font-mono text-xs">v{m.latestVersion.version}</span>
                        <StageBadge stage={m.latestVersion.stage} />
                      </Link>
                    ) : (
                      <span className="text-muted">no versions</span>
                    )}
                  </Td>
                  <Td>
                    {m.checklist ? (
                      <Progress
                        done={m.checklist.done}
                        total={m.checklist.total}
                        label={`Checklist of ${m.name}`}
                      />
                    ) : (
                      <span className="text-muted">—</span>
                    )}
                  </Td>
                  <Td>
                    {m.deployments.length === 0 ? (
                      <span className="text-muted">nowhere</span>
                    ) : (
                      <div className="flex flex-wrap gap-1">
                        {m.deployments.map((d) => (
                          <Badge
                            key={d.id}
                            tone={d.target.environment === "production" ? "ok" : "info"}
                          >
                            <span className="sr-only">{d.target.environment}: </span>
                            {d.target.slug} · v{d.version}
                          </Badge>
                        ))}
                      </div>
                    )}
                  </Td>
                  <Td>
                    <RiskBadge risk={m.riskLevel} />
                  </Td>
                  <Td numeric>
                    {m.openAlerts > 0 ? (
                      <Badge tone="crit">
                        <AlertTriangle className="size-3" aria-hidden /> {m.openAlerts}
                      </Badge>
                    ) : (
                      <span className="text-muted">0</span>
                    )}
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
