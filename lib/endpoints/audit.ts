import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { auditEvent, auditQuery } from "@/lib/schemas/audit";
export const auditEndpoints = {
  list: endpoint({
    method: "GET",
    path: "/api/v1/audit",
    tag: "Audit",
    summary: "Read the audit log",
    description:
      "Newest first. `format=csv` (or `Accept: text/csv`) answers CSV with a header row.",
    action: "read",
    query: auditQuery,
    response: {
      status: 200,
      description: "A page of audit events.",
      schema: z.object({ items: z.array(auditEvent), nextCursor: z.string().nullable() }),
      alternatives: ["text/csv"],
    },
  }),
};
