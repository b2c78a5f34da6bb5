import type { ComponentProps } from "react";
import { ReferenceDataCard } from "@/components/drift/reference-data-card";
import { ModelCard } from "@/components/models/model-card";
import { Card, CardHeader } from "@/components/ui/card";
import type { ReferenceSummary } from "@/lib/charts/drift";
import type { ChecklistDto } from "@/lib/schemas/checklist";
import type { VersionDto } from "@/lib/schemas/versions";
import { ArtifactCard, LineageCard } from "./artifact-cards";
import { EvalMetricsCard } from "./eval-metrics-card";
import { OptimizationCard } from "./optimization-card";
import { ReadinessCard } from "./readiness-card";

/** The version's overview tab: what blocks production first, then its cards in two columns. */
export function VersionOverview({
  v,
  slug,
  reference,
  canUpload,
  frozen,
  fits,
  checklist,
}: {
  v: VersionDto;
  slug: string;
  reference: ReferenceSummary | null;
  canUpload: boolean;
  /** Why the version's details can no longer change (null while they may). */
  frozen: string | null;
  fits: ComponentProps<typeof ReadinessCard>["fits"];
  checklist: ChecklistDto;
}) {
  return (
    <div className="grid grid-cols-1 gap-5 lg:grid-cols-2">
      <ReadinessCard slug={slug} n={v.version} fits={fits} checklist={checklist} />
      <div id="artifact" className="scroll-mt-4">
        <ArtifactCard v={v} edit={canUpload ? { frozen } : undefined} />
      </div>
      <LineageCard v={v} />
      <EvalMetricsCard v={v} />
      <OptimizationCard v={v} />
      <div id="reference-data" className="scroll-mt-4">
        <ReferenceDataCard
          slug={slug}
          version={v.version}
          initial={reference}
          canUpload={canUpload}
        />
      </div>
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
