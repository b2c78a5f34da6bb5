import { Download } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePrincipal } from "@/lib/auth";
import { auditQuery } from "@/lib/schemas/audit";
import { listAudit } from "@/lib/services/audit";

export const metadata: Metadata = { title: "Audit log" };

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
      <AuditFilters
        entity={q.entity}
        actor={q.actor}
        action={q.action}
        days={days}
        filtered={filtered}
      />
      {invalid.length ? (
        <p role="alert" className="mb-3 text-sm text-crit">
          Some filters were ignored: {invalid.join("; ")}
        </p>
      ) : null}
      <AuditTable items={page.items} filtered={filtered} />
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
