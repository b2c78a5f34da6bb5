"use client";

import { Pencil } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { DefinitionRow as Row } from "@/components/ui/definition-row";
import { Skeleton } from "@/components/ui/skeleton";
import { formatMetric } from "@/lib/format";
import type { RequirementsDto } from "@/lib/schemas/models";
import type { LatestMetrics } from "./quality-metric-field";

// The form and react-hook-form load when the dialog first opens.
const RequirementsForm = dynamic(
  () => import("./requirements-form").then((m) => m.RequirementsForm),
  {
    loading: () => <Skeleton className="h-80 w-full" />,
  },
);

const unset = <span className="text-muted">not set</span>;

export function RequirementsCard({
  slug,
  requirements,
  latest,
  canEdit,
  editing = false,
}: {
  slug: string;
  requirements: RequirementsDto | null;
  /** The newest version's eval metrics, which the quality metric is picked from. */
  latest: LatestMetrics | null;
  canEdit: boolean;
  /** Open the form at once (`?edit=requirements`, where "what blocks production" links). */
  editing?: boolean;
}) {
  const [open, setOpen] = useState(canEdit && editing);
  const unreported =
    !!requirements?.minMetricName &&
    latest !== null &&
    !latest.metrics.includes(requirements.minMetricName);
  const r = requirements;
  return (
    <Card>
      <CardHeader
        title="Requirements"
        description="Stage 1: what production must give the model, and what it must give back."
        actions={
          canEdit ? (
            <Dialog
              open={open}
              onOpenChange={setOpen}
              title="Edit requirements"
              description="Targets used by the version checks, the target fit check and the alert rules."
              trigger={
                <Button size="sm" variant="secondary">
                  <Pencil className="size-3.5" aria-hidden /> Edit
                </Button>
              }
            >
              {open ? (
                <RequirementsForm
                  slug={slug}
                  requirements={requirements}
                  latest={latest}
                  onDone={() => setOpen(false)}
                />
              ) : null}
            </Dialog>
          ) : null
        }
      />
      {r ? (
        <dl className="px-4 py-2">
          <Row label="Latency p95">
            {r.latencyP95Ms !== null ? `≤ ${formatMetric(r.latencyP95Ms)} ms` : unset}
          </Row>
          <Row label="Throughput">
            {r.throughputRps !== null ? `${formatMetric(r.throughputRps)} req/s` : unset}
          </Row>
          <Row label="Memory budget">{r.memoryMb !== null ? `${r.memoryMb} MB` : unset}</Row>
          <Row label="GPU">{r.gpuRequired ? "required" : "not needed"}</Row>
          <Row label="Max error rate">
            {r.maxErrorRate !== null ? `${formatMetric(r.maxErrorRate * 100)} %` : unset}
          </Row>
          <Row label="Quality bar">
            {r.minMetricName ? `${r.minMetricName} ≥ ${formatMetric(r.minMetricValue)}` : unset}
            {unreported ? (
              <span className="block text-xs text-warn">
                {r.minMetricName} is not reported by v{latest?.version}: the metrics gate fails
              </span>
            ) : null}
          </Row>
          <Row label="Data sensitivity">
            <Badge
              tone={
                r.dataSensitivity === "regulated"
                  ? "crit"
                  : r.dataSensitivity === "confidential"
                    ? "warn"
                    : "neutral"
              }
            >
              {r.dataSensitivity}
            </Badge>
          </Row>
          <Row label="Compliance">
            {r.complianceTags.length ? (
              <span className="flex flex-wrap justify-end gap-1">
                {r.complianceTags.map((t) => (
                  <Badge key={t}>{t}</Badge>
                ))}
              </span>
            ) : (
              unset
            )}
          </Row>
          <Row label="Integration">{r.integrationStyle ?? unset}</Row>
          {r.inputValidation ? <Row label="Input validation">{r.inputValidation}</Row> : null}
        </dl>
      ) : (
        <p className="px-4 py-6 text-sm text-muted">
          No requirements yet. Set latency, throughput, memory and a quality bar so versions can be
          checked against them.
        </p>
      )}
    </Card>
  );
}
