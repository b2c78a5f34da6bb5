import { Download, ScrollText } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePrincipal } from "@/lib/auth";
import { auditQuery } from "@/lib/schemas/audit";
import { listAudit } from "@/lib/services/audit";

export const metadata: Metadata = { title: "Audit log" };

const entityTypes = [
  "model",
  "model_version",
  "checklist_item",
  "deployment_target",
  "deployment",
  "promotion",
  "alert_rule",
  "webhook",
  "user",
  "api_token",
];

function changedKeys(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== "object" || typeof after !== "object") return [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return Object.keys({ ...a, ...b }).filter(
    (k) => k !== "updatedAt" && JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}

const day = /^\d{4}-\d{2}-\d{2}$/;

/** The form's dates (YYYY-MM-DD, whole UTC days, `to` inclusive) as the API's half-open range. */
function dayRange(from?: string, to?: string) {
  const start = from && day.test(from) ? `${from}T00:00:00.000Z` : undefined;
  const endDay = to && day.test(to) ? new Date(`${to}T00:00:00.000Z`) : undefined;
  const end =
    endDay && !Number.isNaN(endDay.getTime())
      ? new Date(endDay.getTime() + 86_400_000).toISOString()
      : undefined;
  return { start, end };
}

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string>>;
}) {
  const principal = await requirePrincipal("read");
  const sp = await searchParams;
  const { from: fromDay, to: toDay, ...rest } = sp;
  const { start, end } = dayRange(fromDay, toDay);
  const parsed = auditQuery.safeParse({
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== "")),
    ...(start ? { from: start } : {}),
    ...(end ? { to: end } : {}),
  });
  const invalid = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  const q = parsed.success ? parsed.data : auditQuery.parse({});
  const page = await listAudit(principal, {
    entity: q.entity,
    actor: q.actor,
    action: q.action,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    limit: q.limit,
    cursor: q.cursor ? BigInt(q.cursor) : undefined,
  });
  const filters = Object.fromEntries(
    Object.entries({ entity: q.entity, actor: q.actor, action: q.action }).filter(([, v]) => v),
  ) as Record<string, string>;
  const range = Object.fromEntries(
    Object.entries({ from: q.from, to: q.to }).filter(([, v]) => v),
  ) as Record<string, string>;
  const days = Object.fromEntries(
    Object.entries({ from: start ? fromDay : undefined, to: end ? toDay : undefined }).filter(
      ([, v]) => v,
    ),
  ) as Record<string, string>;
  const csv = `/api/v1/audit?${new URLSearchParams({ ...filters, ...range, format: "csv" })}`;
  const next = page.nextCursor
    ? `?${new URLSearchParams({ ...filters, ...days, cursor: page.nextCursor })}`
    : null;
  const filtered = Object.keys(filters).length + Object.keys(days).length > 0;

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, who made it (person or API token) and what it was before and after. Append-only."
        actions={
          <a
            href={csv}
            className="inline-flex h-8 items-center gap-1.5 rounded-md border border-border bg-surface px-3 text-sm hover:bg-surface-2"
          >
            <Download className="size-4" aria-hidden /> Export CSV
          </a>
        }
      />
      <form className="mb-3 flex flex-wrap items-center gap-2" role="search">
        <Select
          name="entity"
          defaultValue={q.entity?.split(":")[0] ?? ""}
          aria-label="Entity type"
          className="w-48"
        >
          <option value="">All entities</option>
          {entityTypes.map((t) => (
            <option key={t} value={t}>
              {t.replace("_", " ")}
            </option>
          ))}
        </Select>
        <Input
          name="actor"
          defaultValue={q.actor}
          placeholder="Actor email"
          aria-label="Actor"
          className="w-56"
        />
        <Input
          name="action"
          defaultValue={q.action}
          placeholder="Action, e.g. promotion."
          aria-label="Action"
          className="w-48"
        />
        <label className="flex items-center gap-1.5 text-xs text-muted">
          From
          <Input type="date" name="from" defaultValue={days.from} className="w-36" />
        </label>
        <label className="flex items-center gap-1.5 text-xs text-muted">
          to
          <Input type="date" name="to" defaultValue={days.to} className="w-36" />
        </label>
        <button
          type="submit"
          className="h-8 rounded-md border border-border bg-surface px-3 text-sm hover:bg-surface-2"
        >
          Apply
        </button>
        {filtered ? (
          <Link href="/audit" className="text-sm text-muted hover:text-fg">
            Clear
          </Link>
        ) : null}
      </form>
      {invalid.length ? (
        <p role="alert" className="mb-3 text-sm text-crit">
          Some filters were ignored: {invalid.join("; ")}
        </p>
      ) : null}
      <Card>
        {page.items.length === 0 ? (
          <EmptyState icon={ScrollText} title="No events">
            {filtered
              ? "No change matches these filters."
              : "Changes appear here as soon as anyone makes one."}
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th className="w-40">When</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Entity</Th>
                <Th>Change</Th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => {
                const keys = changedKeys(e.before, e.after);
                return (
                  <Tr key={e.id}>
                    <Td className="align-top text-muted">
                      <RelativeTime value={e.createdAt} />
                    </Td>
                    <Td className="align-top">
                      {e.actor.label}
                      {e.actor.token ? (
                        <div className="text-xs text-muted">
                          {e.actor.token === "API token"
                            ? "via an API token"
                            : `via token ${e.actor.token}`}
                        </div>
                      ) : null}
                    </Td>
                    <Td className="align-top">
                      <Badge tone="accent">{e.action}</Badge>
                    </Td>
                    <Td className="align-top">
                      <span className="text-muted">{e.entityType.replace("_", " ")}</span>{" "}
                      <span className="font-mono text-xs">{e.entityId}</span>
                    </Td>
                    <Td className="align-top">
                      {e.redacted ? (
                        <span
                          className="text-xs text-muted"
                          title="Entries about users, API tokens and webhooks show their data to admins only."
                        >
                          details for admins only
                        </span>
                      ) : (
                        <details>
                          <summary className="cursor-pointer text-xs text-muted">
                            {keys.length
                              ? `changed ${keys.slice(0, 4).join(", ")}${keys.length > 4 ? "…" : ""}`
                              : e.before
                                ? "details"
                                : "created"}
                          </summary>
                          <div className="mt-2 grid max-w-3xl gap-2 md:grid-cols-2">
                            {e.before ? (
                              <pre
                                tabIndex={0}
                                className="max-h-64 overflow-auto rounded bg-surface-2 p-2 text-[11px]"
                              >
                                {JSON.stringify(e.before, null, 2)}
                              </pre>
                            ) : null}
                            {e.after ? (
                              <pre
                                tabIndex={0}
                                className="max-h-64 overflow-auto rounded bg-surface-2 p-2 text-[11px]"
                              >
                                {JSON.stringify(e.after, null, 2)}
                              </pre>
                            ) : null}
                          </div>
                        </details>
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
      {next ? (
        <div className="mt-3 flex justify-end">
          <Link href={next} className="text-sm text-accent hover:underline">
            Older events →
          </Link>
        </div>
      ) : null}
    </>
  );
}
