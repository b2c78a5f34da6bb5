import { BellOff } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AlertActions } from "@/components/alerts/alert-actions";
import { sortAlerts } from "@/components/alerts/order";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePrincipal } from "@/lib/auth";
import { can, canCloseAlert } from "@/lib/permissions";
import { alertListQuery } from "@/lib/schemas/alerts";
import { listAlerts, openAlerts } from "@/lib/services/alerts/workflow";

export const metadata: Metadata = { title: "Alerts" };

const severityTone: Record<string, Tone> = { info: "info", warning: "warn", critical: "crit" };
const stateTone: Record<string, Tone> = {
  pending: "neutral",
  firing: "crit",
  acknowledged: "warn",
  resolved: "ok",
};

const formatValue = (v: number | null) =>
  v === null
    ? "—"
    : Math.abs(v) >= 100
      ? v.toFixed(0)
      : Math.abs(v) >= 1
        ? v.toFixed(2)
        : v.toPrecision(3);

const isSilenced = (until: string | null) => until !== null && Date.parse(until) > Date.now();

type Props = { searchParams: Promise<Record<string, string>> };

export default async function AlertsPage({ searchParams }: Props) {
  const principal = await requirePrincipal();
  const sp = await searchParams;
  const parsed = alertListQuery.safeParse(
    Object.fromEntries(Object.entries(sp).filter(([, v]) => v)),
  );
  const q = parsed.success ? parsed.data : alertListQuery.parse({});
  const state = q.state ?? "open";
  const alerts = sortAlerts(
    state === "open" && !q.severity && !q.model
      ? await openAlerts()
      : (await listAlerts({ ...q, state, limit: 200 })).items,
  );
  const canAct = can(principal, "write");
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Rules on each deployment's metrics, drift and missing data, and what they caught. Firing first, then pending, acknowledged and resolved; the most severe and newest first."
        actions={
          <Link
            href="/alerts/rules"
            className="inline-flex h-8 items-center rounded-md border border-border bg-surface px-3 text-sm font-medium hover:bg-surface-2"
          >
            Rules
          </Link>
        }
      />
      <form
        className="mb-3 flex flex-wrap items-center gap-2"
        role="search"
        aria-label="Filter alerts"
      >
        <Select name="state" defaultValue={state} aria-label="State" className="w-40">
          <option value="open">Open</option>
          <option value="firing">Firing</option>
          <option value="pending">Pending</option>
          <option value="acknowledged">Acknowledged</option>
          <option value="resolved">Resolved</option>
          <option value="all">All</option>
        </Select>
        <Select
          name="severity"
          defaultValue={q.severity ?? ""}
          aria-label="Severity"
          className="w-36"
        >
          <option value="">Any severity</option>
          <option value="critical">Critical</option>
          <option value="warning">Warning</option>
          <option value="info">Info</option>
        </Select>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
      </form>
      <Card>
        {alerts.length === 0 ? (
          <EmptyState
            icon={BellOff}
            title={state === "open" ? "No open alerts" : "No alerts match"}
          >
            {state === "open"
              ? "Nothing is firing. Alerts open when a rule on a deployment's metrics, drift or missing data trips, including the rules derived from each model's requirements."
              : "Try another state or severity."}
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Severity</Th>
                <Th>Rule</Th>
                <Th>Deployment</Th>
                <Th numeric>Value</Th>
                <Th>State</Th>
                <Th numeric>Since</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <Tr key={a.id}>
                  <Td>
                    <Badge tone={severityTone[a.severity]}>{a.severity}</Badge>
                  </Td>
                  <Td>
                    <Link href={`/alerts/${a.id}`} className="font-medium hover:underline">
                      {a.rule.name}
                    </Link>
                    {isSilenced(a.silencedUntil) ? (
                      <div className="text-xs text-muted">
                        silenced until <RelativeTime value={a.silencedUntil} />
                      </div>
                    ) : null}
                  </Td>
                  <Td>
                    <Link href={`/deployments/${a.deploymentId}`} className="hover:underline">
                      {a.modelName}{" "}
                      <span className="font-mono text-xs text-muted">v{a.version}</span>
                    </Link>{" "}
                    <span className="text-xs text-muted">on {a.target}</span>
                  </Td>
                  <Td numeric>
                    {formatValue(a.value)}
                    {a.rule.threshold !== null ? (
                      <span className="text-xs text-muted">
                        {" "}
                        {a.rule.comparator} {formatValue(a.rule.threshold)}
                      </span>
                    ) : null}
                  </Td>
                  <Td>
                    <Badge tone={stateTone[a.state]}>{a.state}</Badge>
                  </Td>
                  <Td numeric className="text-muted">
                    <RelativeTime value={a.firedAt ?? a.startedAt} />
                  </Td>
                  <Td>
                    <AlertActions
                      id={a.id}
                      label={`${a.rule.name} on ${a.modelName}`}
                      state={a.state}
                      canAct={canAct}
                      canClose={canCloseAlert(principal, a.severity)}
                    />
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
