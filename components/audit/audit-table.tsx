import { ScrollText } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { AuditEventDto } from "@/lib/schemas/audit";
import { ChangeDiff, changeSummary } from "./change-diff";
import { fieldChanges } from "./diff";

// One page of audit events: when, who (person or token), what, on which entity (by name, with
// a link), and the change field by field (withheld for entries only admins may read).

function Entity({ e }: { e: AuditEventDto }) {
  const type = e.entityType.replaceAll("_", " ");
  if (!e.entityName)
    return (
      <>
        <span className="text-muted">{type}</span>{" "}
        <span className="font-mono text-xs" title="No longer exists, or not yours to see">
          {e.entityId}
        </span>
      </>
    );
  return (
    <>
      <span className="text-muted">{type}</span>{" "}
      {e.entityHref ? (
        <Link href={e.entityHref} className="font-medium hover:underline">
          {e.entityName}
        </Link>
      ) : (
        <span className="font-medium">{e.entityName}</span>
      )}
    </>
  );
}

export function AuditTable({ items, filtered }: { items: AuditEventDto[]; filtered: boolean }) {
  return (
    <Card>
      {items.length === 0 ? (
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
            {items.map((e) => {
              const changes = fieldChanges(e.before, e.after);
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
                    <Entity e={e} />
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
                          {changeSummary(changes, e.before, e.after)}
                        </summary>
                        <ChangeDiff changes={changes} />
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
  );
}
