"use client";

import dynamic from "next/dynamic";
import { Card, CardHeader } from "@/components/ui/card";
import { DefinitionRow as Row } from "@/components/ui/definition-row";
import { Skeleton } from "@/components/ui/skeleton";
import type { DriftConfig } from "@/lib/schemas/drift";

// The model page's "Drift settings": how each deployment's inputs are compared with the
// version's reference data. Editors get the form (loaded on demand, with react-hook-form and
// the schemas); viewers read the settings.

const DriftSettingsForm = dynamic(
  () => import("./drift-settings-form").then((m) => m.DriftSettingsForm),
  { loading: () => <Skeleton className="m-4 h-64" /> },
);

/** What a viewer sees: the settings in words, defaults named as such. */
function ReadOnlySettings({ config }: { config: DriftConfig }) {
  const features = Object.entries(config.features ?? {});
  return (
    <dl className="px-4 py-2" aria-label="Drift settings">
      <Row label="Method">{config.method ?? "Evidently's choice per feature"}</Row>
      <Row label="Threshold">{config.threshold ?? "the method's default"}</Row>
      <Row label="Dataset drift share">{config.driftShare ?? "0.5 (default)"}</Row>
      {features.map(([name, f]) => (
        <Row key={name} label={name}>
          {f.method ?? "same method"} · {f.threshold ?? "default threshold"}
        </Row>
      ))}
    </dl>
  );
}

export function DriftSettings({
  slug,
  config,
  features,
  canEdit,
}: {
  slug: string;
  config: DriftConfig;
  /** The newest version's reference features, offered as names for per-feature rows. */
  features: string[];
  canEdit: boolean;
}) {
  return (
    <Card>
      <CardHeader
        title="Drift settings"
        description="How each deployment's inputs are compared with the version's reference data."
      />
      {canEdit ? (
        <DriftSettingsForm slug={slug} config={config} features={features} />
      ) : (
        <ReadOnlySettings config={config} />
      )}
    </Card>
  );
}
