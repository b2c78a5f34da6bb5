import { AlertTriangle, Boxes } from "lucide-react";
import Link from "next/link";
import { Badge, RiskBadge, StageBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Progress } from "@/components/ui/progress";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { ModelListItemDto } from "@/lib/schemas/models";

/**
 * The inventory: one row per model with its newest version, checklist, where it runs, risk and
 * open alerts; an empty state that says whether the filters or the registry are empty.
 */
export function ModelsTable({ items, filtered }: { items: ModelListItemDto[]; filtered: boolean }) {
  return (
    <Card>
      {items.length === 0 ? (
        <EmptyState icon={Boxes} title={filtered ? "No model matches" : "No models yet"}>
          {filtered
            ? "Try fewer filters or another search."
            : "Register your first model here, or from a pipeline with POST /api/v1/models."}
        </EmptyState>
      ) : (
        <Table stack className="max-h-[calc(100vh-17rem)]">
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
            {items.map((m) => (
              // The name's link covers the whole row (its ::after), so a click anywhere opens the
              // model and the row is one tab stop; nothing else in the row is interactive.
              <Tr
                key={m.id}
                className="relative cursor-pointer focus-within:bg-surface-2/60 hover:bg-surface-2/60"
              >
                <Td>
                  <Link
                    href={`/models/${m.slug}`}
                    className="font-medium after:absolute after:inset-0 after:content-[''] hover:text-accent hover:underline focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-inset focus-visible:after:ring-accent"
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
                <Td label="Task" className="text-muted">
                  {m.taskType.replace("_", " ")}
                  {m.framework ? <span className="block text-xs">{m.framework}</span> : null}
                </Td>
                <Td label="Owner" className="text-muted">
                  {m.owner?.name ?? "—"}
                </Td>
                <Td label="Newest version">
                  {m.latestVersion ? (
                    <span className="flex items-center gap-2">
                      <span className="font-mono text-xs">v{m.latestVersion.version}</span>
                      <StageBadge stage={m.latestVersion.stage} />
                    </span>
                  ) : (
                    <span className="text-muted">no versions</span>
                  )}
                </Td>
                <Td label="Checklist">
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
                <Td label="Deployed to">
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
                <Td label="Risk">
                  <RiskBadge risk={m.riskLevel} />
                </Td>
                <Td label="Alerts" numeric>
                  {m.openAlerts > 0 ? (
                    <Badge tone="crit">
                      <AlertTriangle className="size-3" aria-hidden /> {m.openAlerts}
                    </Badge>
                  ) : (
                    <span className="text-muted">0</span>
                  )}
                </Td>
                <Td label="Updated" numeric className="text-muted">
                  <RelativeTime value={m.updatedAt} />
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
