import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, EnvironmentBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePrincipal } from "@/lib/auth";
import { featureRows, formatMs, formatValue } from "@/lib/charts/monitoring";
import { orNotFound } from "@/lib/pages";
import { getDeployment } from "@/lib/services/deployments";
import { getPrediction } from "@/lib/services/ingest";

type Props = { params: Promise<{ id: string; predictionId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePrincipal();
  const { predictionId } = await params;
  return { title: `Prediction ${decode(predictionId)}` };
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-3 border-b border-border py-1.5 text-sm last:border-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="min-w-0 break-all">{children}</dd>
    </div>
  );
}

/** Route params arrive percent-encoded; ids may hold any visible ASCII character. */
function decode(v: string) {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

const none = <span className="text-muted">—</span>;

/** One record of the inference log: its features, what the model said, and what was true. */
export default async function PredictionPage({ params }: Props) {
  await requirePrincipal();
  const { id, predictionId: raw } = await params;
  const predictionId = decode(raw);
  const d = await orNotFound(getDeployment(id));
  const p = await orNotFound(getPrediction(id, predictionId));
  const features = featureRows(p.features);

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            Prediction <span className="font-mono text-base text-muted">{p.id}</span>
            {p.error ? <Badge tone="crit">failed</Badge> : null}
            {p.correct === true ? (
              <Badge tone="ok">correct</Badge>
            ) : p.correct === false ? (
              <Badge tone="crit">wrong</Badge>
            ) : null}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            {d.modelName} v{d.version} on {d.targetName}{" "}
            <EnvironmentBadge environment={d.environment} /> · <RelativeTime value={p.ts} />
          </span>
        }
        actions={
          <Link
            href={`/deployments/${d.id}?view=log`}
            className="text-sm text-accent hover:underline"
          >
            Back to the inference log
          </Link>
        }
      />
      <div className="grid items-start gap-5 lg:grid-cols-2">
        <Card>
          <CardHeader title="Outcome" />
          <dl className="px-4 py-2">
            <Fact label="Prediction">
              <span className="font-mono text-xs">{formatValue(p.prediction)}</span>
            </Fact>
            <Fact label="Confidence">{p.confidence === null ? none : p.confidence.toFixed(3)}</Fact>
            <Fact label="Label">
              {p.label === null || p.label === undefined ? (
                <span className="text-muted">not labelled yet</span>
              ) : (
                <span className="font-mono text-xs">{formatValue(p.label)}</span>
              )}
            </Fact>
            <Fact label="Correct">{p.correct === null ? none : p.correct ? "yes ✓" : "no ✗"}</Fact>
            <Fact label="Error">
              {p.error ? <span className="text-crit">{p.error}</span> : none}
            </Fact>
          </dl>
        </Card>
        <Card>
          <CardHeader title="Timings" />
          <dl className="px-4 py-2">
            <Fact label="Predicted at">
              <RelativeTime value={p.ts} />
            </Fact>
            <Fact label="Latency">{formatMs(p.latencyMs)}</Fact>
            <Fact label="Labelled at">
              {p.labeledAt ? <RelativeTime value={p.labeledAt} /> : none}
            </Fact>
            <Fact label="Deployment">
              <Link
                href={`/deployments/${d.id}`}
                className="font-mono text-xs text-accent hover:underline"
              >
                {d.id}
              </Link>
            </Fact>
          </dl>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader
            title="Features"
            description={`${features.length} input${features.length === 1 ? "" : "s"} as the model received them.`}
          />
          {features.length === 0 ? (
            <p className="px-4 py-6 text-sm text-muted">No features were recorded.</p>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Feature</Th>
                  <Th>Value</Th>
                </tr>
              </thead>
              <tbody>
                {features.map((f) => (
                  <Tr key={f.key}>
                    <Td className="font-mono text-xs">{f.key}</Td>
                    <Td className="break-all font-mono text-xs">{f.value}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
