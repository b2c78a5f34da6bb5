import type { Metadata } from "next";
import Link from "next/link";
import { AlertActions } from "@/components/alerts/alert-actions";
import { AlertChart } from "@/components/alerts/alert-chart";
import { alertWindow } from "@/components/alerts/window";
import { Badge, type Tone } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePrincipal } from "@/lib/auth";
import { orNotFound } from "@/lib/pages";
import { can, canCloseAlert } from "@/lib/permissions";
import { alertHistory, getAlert } from "@/lib/services/alerts/workflow";
import { getRollout } from "@/lib/services/rollouts";

export const metadata: Metadata = { title: "Alert" };

const severityTone: Record<string, Tone> = { info: "info", warning: "warn", critical: "crit" };
const stateTone: Record<string, Tone> = {
  pending: "neutral",
  firing: "crit",
  acknowledged: "warn",
  resolved: "ok",
};

type Props = { params: Promise<{ id: string }> };

export default async function AlertPage({ params }: Props) {
  const principal = await requirePrincipal();
  const { id } = await params;
  const a = await orNotFound(getAlert(id));
  const history = await alertHistory(id);
  // A canary alert explains itself with its rollout's outcome: the alert's comment is the
  // last person's, once someone acknowledged or resolved it.
  const rollout = a.rolloutId ? await getRollout(a.rolloutId).catch(() => null) : null;
  const label = `${a.rule.name} on ${a.modelName}`;
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request
  const around = alertWindow(a, Date.now());
  const charts = `/deployments/${a.deploymentId}?${new URLSearchParams({ from: around.from, to: around.to })}`;
  const steps: [string, string | null][] = [
    ["Started", a.startedAt],
    ["Fired", a.firedAt],
    ["Acknowledged", a.acknowledgedAt],
    ["Resolved", a.resolvedAt],
  ];
  return (
    <>
      <Breadcrumb steps={[{ label: "Alerts", href: "/alerts" }, { label: a.rule.name }]} />
      <PageHeader
        title={a.rule.name}
        description={
          <>
            <Link href={`/deployments/${a.deploymentId}`} className="hover:underline">
              {a.modelName} v{a.version}
            </Link>{" "}
            on {a.target} · <Badge tone={severityTone[a.severity]}>{a.severity}</Badge>{" "}
            <Badge tone={stateTone[a.state]}>{a.state}</Badge>
            {a.ruleDeleted ? (
              <span className="text-muted">
                {" "}
                · its rule was deleted (shown as it was when the alert opened)
              </span>
            ) : null}
          </>
        }
        actions={
          <AlertActions
            id={a.id}
            label={label}
            state={a.state}
            canAct={can(principal, "write")}
            canClose={canCloseAlert(principal, a.severity)}
          />
        }
      />
      <div className="grid gap-5 lg:grid-cols-[1fr_20rem]">
        <Card>
          <CardHeader
            title="Around the moment it fired"
            description={
              a.rule.metric
                ? `${a.rule.aggregation} of ${a.rule.metric} over ${a.rule.windowSeconds / 60} min windows; threshold ${a.rule.comparator} ${a.rule.threshold ?? "—"}`
                : "This rule has no metric series to draw."
            }
            actions={
              <Link href={charts} className="text-xs font-medium text-accent hover:underline">
                Open the monitoring charts for this window
              </Link>
            }
          />
          <div className="p-4">
            {a.rule.metric && a.rule.metric !== "accuracy" ? (
              <AlertChart
                deploymentId={a.deploymentId}
                metric={a.rule.metric}
                aggregation={a.rule.aggregation}
                threshold={a.rule.threshold}
                startedAt={a.startedAt}
                firedAt={a.firedAt}
                resolvedAt={a.resolvedAt}
              />
            ) : (
              <p className="text-sm text-muted">
                {a.rule.kind === "rollout" ? (
                  <>
                    The canary analysis failed and the canary was rolled back
                    {rollout?.endReason ? `: ${rollout.endReason}` : ""}. The verdict with its
                    numbers is on{" "}
                    {rollout ? (
                      <Link href={`/rollouts/${rollout.id}`}>the rollout&apos;s page</Link>
                    ) : (
                      <Link href={`/deployments/${a.deploymentId}`}>
                        the canary&apos;s deployment page
                      </Link>
                    )}
                    .
                  </>
                ) : a.rule.kind === "drift" ? (
                  "See the deployment's drift page for the features that moved."
                ) : a.rule.kind === "concept_drift" ? (
                  <>
                    The concept drift detectors saw the error rate of labelled predictions rise.
                    Their signals, with estimated against realized accuracy, are on{" "}
                    <Link href={`/deployments/${a.deploymentId}`}>the deployment&apos;s page</Link>.
                  </>
                ) : (
                  "Accuracy is computed from labelled predictions; see the deployment's monitoring page."
                )}
              </p>
            )}
          </div>
        </Card>
        <div className="space-y-5">
          <Card>
            <CardHeader title="Timeline" />
            <ol className="space-y-2 p-4 text-sm">
              {steps.map(([name, at]) => (
                <li key={name} className="flex justify-between gap-3">
                  <span className={at ? "" : "text-muted"}>{name}</span>
                  <span className="text-muted">{at ? <RelativeTime value={at} /> : "—"}</span>
                </li>
              ))}
              {a.silencedUntil ? (
                <li className="flex justify-between gap-3">
                  <span>Silenced until</span>
                  <span className="text-muted">
                    <RelativeTime value={a.silencedUntil} />
                  </span>
                </li>
              ) : null}
              <li className="flex justify-between gap-3">
                <span>Last value</span>
                <span className="font-mono text-xs">
                  {a.value === null ? "—" : a.value.toPrecision(4)}
                </span>
              </li>
            </ol>
          </Card>
          <Card>
            <CardHeader title="Comments and actions" />
            {history.length === 0 ? (
              <p className="p-4 text-sm text-muted">Nobody has acted on this alert yet.</p>
            ) : (
              <ul className="divide-y divide-border text-sm">
                {history.map((h) => (
                  <li key={h.id.toString()} className="px-4 py-2">
                    <div className="flex justify-between gap-2">
                      <span className="font-medium">{h.action.replace("alert.", "")}</span>
                      <span className="text-xs text-muted">
                        <RelativeTime value={h.createdAt} />
                      </span>
                    </div>
                    <div className="text-xs text-muted">{h.actorLabel}</div>
                    {(h.after as { comment?: string } | null)?.comment ? (
                      <p className="mt-1 text-xs">“{(h.after as { comment: string }).comment}”</p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
