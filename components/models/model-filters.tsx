import { Search } from "lucide-react";
import Link from "next/link";
import { FilterActions } from "@/components/ui/filter-actions";
import { Input, Select } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { type ModelListQuery, riskLevels, taskTypes } from "@/lib/schemas/models";

// The inventory's filter bar, drawn on the server: the chips link to the filtered list, the
// search form is a plain GET form, so filtering works before any script loads.

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

/** The list's URL with some filters changed (an empty value drops one) and from the first page. */
export function modelsHref(
  sp: Record<string, string>,
  over: Record<string, string | undefined>,
): string {
  const p = new URLSearchParams(sp);
  p.delete("cursor");
  for (const [k, v] of Object.entries(over)) {
    if (v) p.set(k, v);
    else p.delete(k);
  }
  const s = p.toString();
  return s ? `/models?${s}` : "/models";
}

/** Two sets of chips with counts: the newest version's stage, and where models run. */
export function ModelStageChips({
  sp,
  query,
  counts,
  running,
}: {
  /** The page's search parameters, kept by every link. */
  sp: Record<string, string>;
  query: ModelListQuery;
  counts: Record<string, number>;
  running: Record<"staging" | "production", number>;
}) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const withParams = (over: Record<string, string | undefined>) => modelsHref(sp, over);
  return (
    <div className="mb-3 flex flex-wrap items-center gap-x-6 gap-y-2">
      <nav aria-label="Stage of the newest version" className="flex flex-wrap items-center gap-1.5">
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
  );
}

/** The search form: text, task, risk, framework, tag, owner and sort, keeping the chip filters. */
export function ModelSearchForm({ query, filtered }: { query: ModelListQuery; filtered: boolean }) {
  return (
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
      <FilterActions clearHref="/models" showClear={filtered} clearLabel="Clear filters" />
    </form>
  );
}
