import { auditEndpoints } from "@/lib/endpoints/audit";
import { route } from "@/lib/http/route";
import { auditCsv, listAudit } from "@/lib/services/audit";

// GET /api/v1/audit – the audit log, as JSON pages or CSV
export const GET = route(auditEndpoints.list, async ({ req, query, principal }) => {
  const filter = {
    entity: query.entity,
    actor: query.actor,
    action: query.action,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    limit: query.limit,
    cursor: query.cursor ? BigInt(query.cursor) : undefined,
  };
  const wantsCsv =
    query.format === "csv" || (!query.format && req.headers.get("accept")?.includes("text/csv"));
  if (!wantsCsv) return listAudit(principal, filter);
  return new Response(await auditCsv(principal, filter), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="modelgate-audit.csv"',
    },
  });
});
