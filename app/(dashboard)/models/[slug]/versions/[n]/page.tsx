import { Activity, CheckCircle2, GitPullRequestArrow, XCircle } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OptimizationChart } from "@/components/charts/optimization-chart";
import { ChecklistBoard } from "@/components/checklist/checklist-board";
import { ReferenceDataCard } from "@/components/drift/reference-data-card";
import { ModelCard } from "@/components/models/model-card";
import { PromotionCard } from "@/components/promotions/promotion-card";
import { RequestPromotion } from "@/components/promotions/request-form";
import { Badge, EnvironmentBadge, StageBadge } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Progress } from "@/components/ui/progress";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { Tabs } from "@/components/ui/tabs";
import { requirePrincipal } from "@/lib/auth";
import type { ReferenceSummary } from "@/lib/charts/drift";
import { optimizationRows } from "@/lib/charts/versions";
import { cn } from "@/lib/cn";
import { can, type Principal } from "@/lib/permissions";
import { formatBeforeAfter, formatBytes, formatMetric, formatPct } from "@/lib/format";
import { orNotFound } from "@/lib/pages";
import { getChecklist, listAssignees, versionIdOf } from "@/lib/services/checklist/items";
import { listVersionDeployments } from "@/lib/services/deployments";
import { findReference } from "@/lib/services/drift";
import { getModelName } from "@/lib/services/models";
import { listPromotions, targetFitsFor } from "@/lib/services/promotions/requests";
import { getVersion } from "@/lib/services/versions";

type Props = {
  params: Promise<{ slug: string; n: string }>;
  searchParams: Promise<{ tab?: string }>;
};

const tabs = [
  { key: "overview", label: "Overview" },
  { key: "checklist", label: "Checklist" },
  { key: "promotions", label: "Promotions" },
  { key: "monitoring", label: "Monitoring" },
] as const;

async function load(slug: string, n: string) {
  await requirePrincipal("read");
  const number = Number(n);
  if (!Number.isInteger(number) || number < 1) notFound();
  return orNotFound(getVersion(slug, number));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePrincipal();
  const { slug, n } = await params;
  return { title: `${slug} v${n}` };
}

function Fact({
  label,
  children,
  mono,
}: {
  label: string;
  children: React.ReactNode;
  mono?: boolean;
}) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-3 border-b border-border py-1.5 text-sm last:border-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className={cn("min-w-0 break-all", mono && "font-mono text-xs")}>
        {children ?? <span className="text-muted">—</span>}
      </dd>
    </div>
  );
}

export default async function VersionPage({ params, searchParams }: Props) {
  const principal = await requirePrincipal();
  const { slug, n } = await params;
  const asked = (await searchParams).tab;
  const tab = tabs.some((t) => t.key === asked) ? asked! : "overview";
  const v = await load(slug, n);
  const modelName = await getModelName(slug);
  const failed = v.requirementChecks.filter((c) => !c.passed).length;
  const progress = (await getChecklist(v.id)).progress;

  return (
    <>
      <Breadcrumb
        steps={[
          { label: "Models", href: "/models" },
          { label: slug, href: `/models/${slug}`, mono: true },
          { label: `v${v.version}`, mono: true },
        ]}
      />
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {modelName} <span className="font-mono text-muted">v{v.version}</span>{" "}
            <StageBadge stage={v.stage} />
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <span>
              Registered <RelativeTime value={v.createdAt} /> by {v.createdBy?.name ?? "a pipeline"}
            </span>
            <span className="flex items-center gap-2">
              Checklist{" "}
              <Progress done={progress.done} total={progress.total} label="Checklist progress" />
            </span>
            {v.requirementChecks.length ? (
              failed ? (
                <Badge tone="crit">
                  {failed} requirement check{failed > 1 ? "s" : ""} failing
                </Badge>
              ) : (
                <Badge tone="ok">meets the requirements</Badge>
              )
            ) : null}
          </span>
        }
      />
      <Tabs
        label="Version sections"
        className="mb-4"
        items={tabs.map((t) => ({
          key: t.key,
          href: t.key === "overview" ? `/models/${slug}/versions/${v.version}` : `?tab=${t.key}`,
          current: tab === t.key,
          label: t.label,
        }))}
      />

      {tab === "overview" ? (
        <Overview
          v={v}
          slug={slug}
          reference={await findReference(slug, v.version)}
          canUpload={can(principal, "write")}
        />
      ) : null}
      {tab === "checklist" ? (
        <ChecklistSection
          slug={slug}
          n={v.version}
          canEdit={can(principal, "write")}
          canWaiveRequired={can(principal, "approve")}
          me={{ id: principal.user.id, name: principal.user.name }}
        />
      ) : null}
      {tab === "promotions" ? (
        <PromotionsSection slug={slug} n={v.version} principal={principal} />
      ) : null}
      {tab === "monitoring" ? <MonitoringSection versionId={v.id} /> : null}
    </>
  );
}

function Overview({
  v,
  slug,
  reference,
  canUpload,
}: {
  v: Awaited<ReturnType<typeof getVersion>>;
  slug: string;
  reference: ReferenceSummary | null;
  canUpload: boolean;
}) {
  const rows = optimizationRows(v.optimization);
  const metricEntries = Object.entries(v.evalMetrics).sort(([a], [b]) => a.localeCompare(b));
  const checkByName = new Map(v.requirementChecks.map((c) => [c.name, c]));
  const unreportedChecks = v.requirementChecks.filter((c) => !(c.name in v.evalMetrics));
  return (
    <div className="grid gap-5 lg:grid-cols-2">
      <Card>
        <CardHeader title="Artifact" />
        <dl className="px-4 py-2">
          <Fact label="URI" mono>
            {v.artifactUri}
          </Fact>
          <Fact label="Format">{v.format}</Fact>
          <Fact label="Size">{v.sizeBytes !== null ? formatBytes(v.sizeBytes) : null}</Fact>
          <Fact label="SHA-256" mono>
            {v.sha256}
          </Fact>
        </dl>
      </Card>
      <Card>
        <CardHeader title="Lineage" description="Where this version came from." />
        <dl className="px-4 py-2">
          <Fact label="Training data">{v.trainingData}</Fact>
          <Fact label="Git commit" mono>
            {v.gitCommit}
          </Fact>
          <Fact label="Run">
            {v.runUrl ? (
              <a
                href={v.runUrl}
                rel="noopener noreferrer nofollow"
                target="_blank"
                className="text-accent hover:underline"
              >
                {v.runUrl}
              </a>
            ) : null}
          </Fact>
          <Fact label="Created by">
            {v.createdBy ? `${v.createdBy.name} (${v.createdBy.email})` : null}
          </Fact>
          {v.params ? (
            <Fact label="Parameters">
              <pre
                tabIndex={0}
                className="max-h-40 overflow-auto rounded bg-surface-2 p-2 text-[11px]"
              >
                {JSON.stringify(v.params, null, 2)}
              </pre>
            </Fact>
          ) : null}
        </dl>
      </Card>
      <Card>
        <CardHeader title="Eval metrics" description="Checked against the model's requirements." />
        {metricEntries.length === 0 && unreportedChecks.length === 0 ? (
          <p className="px-4 py-6 text-sm text-muted">
            No eval metrics reported. A pipeline reports them with PATCH …/versions/{v.version}.
          </p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Metric</Th>
                <Th numeric>Value</Th>
                <Th numeric>Requirement</Th>
                <Th>Check</Th>
              </tr>
            </thead>
            <tbody>
              {[
                ...metricEntries.map(([name, value]) => ({ name, value })),
                ...unreportedChecks.map((c) => ({ name: c.name, value: null })),
              ].map(({ name, value }) => {
                const c = checkByName.get(name);
                return (
                  <Tr key={name}>
                    <Td className="font-mono text-xs">{name}</Td>
                    <Td numeric>{formatMetric(value)}</Td>
                    <Td numeric className="text-muted">
                      {c ? `${c.rule === ">=" ? "≥" : "≤"} ${formatMetric(c.target)}` : "—"}
                    </Td>
                    <Td>
                      {c ? (
                        c.passed ? (
                          <Badge tone="ok">
                            <CheckCircle2 className="size-3" aria-hidden /> pass
                          </Badge>
                        ) : (
                          <Badge tone="crit">
                            <XCircle className="size-3" aria-hidden />{" "}
                            {c.actual === null ? "not reported" : "fail"}
                          </Badge>
                        )
                      ) : null}
                    </Td>
                  </Tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
      <Card>
        <CardHeader
          title="Optimization"
          description={
            v.optimization
              ? `Stage 2: ${v.optimization.technique}`
              : "Stage 2: pruning, quantization or distillation, before vs after."
          }
        />
        {v.optimization && rows.length ? (
          <div className="px-4 py-3">
            <OptimizationChart rows={rows} />
            <ul className="mt-2 grid grid-cols-3 gap-2 text-center text-xs">
              {rows.map((r) => (
                <li key={r.key} className="rounded border border-border p-2">
                  <div className="text-muted">{r.label}</div>
                  <div
                    className={cn(
                      "text-sm font-semibold tabular-nums",
                      Math.abs(r.changePct) < 0.05
                        ? "text-muted"
                        : r.improved
                          ? "text-ok"
                          : "text-crit",
                    )}
                  >
                    {formatPct(r.changePct)}
                  </div>
                  <div className="text-muted tabular-nums">
                    {formatBeforeAfter(r.before, r.after, r.unit)}
                  </div>
                </li>
              ))}
            </ul>
            {v.optimization.notes ? (
              <p className="mt-2 text-xs text-muted">{v.optimization.notes}</p>
            ) : null}
          </div>
        ) : (
          <p className="px-4 py-6 text-sm text-muted">No optimization record for this version.</p>
        )}
      </Card>
      <ReferenceDataCard
        slug={slug}
        version={v.version}
        initial={reference}
        canUpload={canUpload}
      />
      <Card className="lg:col-span-2">
        <CardHeader title="Model card" />
        <div className="px-4 py-3">
          {v.modelCard ? (
            <ModelCard markdown={v.modelCard} />
          ) : (
            <p className="text-sm text-muted">
              No model card. Document the architecture, data, intended use and limits.
            </p>
          )}
        </div>
      </Card>
    </div>
  );
}

async function ChecklistSection({
  slug,
  n,
  canEdit,
  canWaiveRequired,
  me,
}: {
  slug: string;
  n: number;
  canEdit: boolean;
  canWaiveRequired: boolean;
  me: { id: string; name: string };
}) {
  const versionId = await versionIdOf(slug, n);
  const [initial, people] = await Promise.all([getChecklist(versionId), listAssignees()]);
  return (
    <ChecklistBoard
      slug={slug}
      n={n}
      initial={initial}
      canEdit={canEdit}
      canWaiveRequired={canWaiveRequired}
      me={me}
      people={people}
    />
  );
}

async function PromotionsSection({
  slug,
  n,
  principal,
}: {
  slug: string;
  n: number;
  principal: Principal;
}) {
  const [fits, requests] = await Promise.all([
    targetFitsFor(slug, n),
    listPromotions({ model: slug, version: n, limit: 50 }),
  ]);
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Promote this version"
          description="Pick a target: its fit and the gates are checked by the server before anyone is asked to approve."
        />
        <div className="p-4">
          <RequestPromotion
            slug={slug}
            n={n}
            fits={fits.items}
            canRequest={can(principal, "promote")}
          />
        </div>
      </Card>
      {requests.items.length === 0 ? (
        <Card>
          <EmptyState icon={GitPullRequestArrow} title="No promotion requests for this version">
            Requests to put this version on a target, with their gates and approvals, are listed
            here.
          </EmptyState>
        </Card>
      ) : (
        <section aria-label="Requests for this version" className="space-y-3">
          {requests.items.map((p) => (
            <PromotionCard
              key={p.id}
              p={p}
              me={principal.user.id}
              canApprove={can(principal, "approve")}
              isAdmin={can(principal, "admin")}
            />
          ))}
        </section>
      )}
    </div>
  );
}

async function MonitoringSection({ versionId }: { versionId: string }) {
  const deployments = await listVersionDeployments(versionId);
  return (
    <Card>
      {deployments.length === 0 ? (
        <EmptyState icon={Activity} title="Not deployed">
          Once this version runs on a target, its latency, throughput, errors, accuracy and drift
          are watched here.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Target</Th>
              <Th>Status</Th>
              <Th numeric>Traffic</Th>
              <Th numeric>Since</Th>
              <Th numeric>Until</Th>
            </tr>
          </thead>
          <tbody>
            {deployments.map((d) => (
              <Tr key={d.id}>
                <Td>
                  <Link
                    href={`/deployments/${d.id}`}
                    className="font-medium text-accent hover:underline"
                    title={`Monitoring of this version on ${d.target.name}`}
                  >
                    {d.target.name}
                  </Link>{" "}
                  <EnvironmentBadge environment={d.target.environment} />
                </Td>
                <Td>
                  <Badge tone={d.status === "active" ? "ok" : "neutral"}>
                    {d.status.replace("_", " ")}
                  </Badge>
                </Td>
                <Td numeric>{d.trafficPercent}%</Td>
                <Td numeric>
                  <RelativeTime value={d.activatedAt} />
                </Td>
                <Td numeric>{d.endedAt ? <RelativeTime value={d.endedAt} /> : "—"}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
