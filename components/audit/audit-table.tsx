import { ScrollText } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { AuditEventDto } from "@/lib/schemas/audit";

// One page of audit events: when, who (person or token), what, on which entity, and the
// change as before/after (withheld for entries only admins may read).

function changedKeys(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== "object" || typeof after !== "object") return [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return Object.keys({ ...a, ...b }).filter(
    (k) => k !== "updatedAt" && JSON.stringify(a[k]) !== JSON.stringify(b[k]),
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
  );
}
