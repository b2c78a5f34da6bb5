"use client";

import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/input";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import {
  type FeatureType,
  type ReferenceFeatureSummary,
  describeReferenceFeature,
  formatStat,
} from "@/lib/charts/drift";
import { formatCount } from "@/lib/charts/monitoring";

/**
 * The profiled features of reference data, by name. With `types`, each feature's type is a
 * picker (after an upload in this session, to override it); without, a badge.
 */
export function ReferenceFeaturesTable({
  features,
  types,
  onTypeChange,
  busy,
}: {
  features: ReferenceFeatureSummary[];
  types: Record<string, FeatureType> | null;
  onTypeChange: (name: string, type: FeatureType) => void;
  busy: boolean;
}) {
  return (
    // Stacked on phones: six columns do not fit, and a table scrolling inside the card would need its own keyboard stop.
    <Table className="mt-2" stack>
      <caption className="sr-only">Profiled features of the reference data</caption>
      <thead>
        <tr>
          <Th>Feature</Th>
          <Th>Type</Th>
          <Th numeric>Missing</Th>
          <Th numeric>Distinct</Th>
          <Th>Mean ± std / top categories</Th>
          <Th numeric>Range</Th>
        </tr>
      </thead>
      <tbody>
        {[...features]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((f) => (
            <Tr key={f.name}>
              <Td className="font-mono text-xs">{f.name}</Td>
              <Td label="Type">
                {types ? (
                  <Select
                    aria-label={`Type of ${f.name}`}
                    value={types[f.name] ?? f.type}
                    onChange={(e) => onTypeChange(f.name, e.target.value as FeatureType)}
                    className="h-7 w-36 py-0 text-xs"
                    disabled={busy}
                  >
                    <option value="numerical">numerical</option>
                    <option value="categorical">categorical</option>
                  </Select>
                ) : (
                  <span className="flex items-center gap-1">
                    <Badge tone={f.type === "numerical" ? "info" : "accent"}>{f.type}</Badge>
                    {f.overridden ? <span className="text-[11px] text-muted">set</span> : null}
                  </span>
                )}
              </Td>
              <Td numeric label="Missing">
                {formatCount(f.missing)}
                {f.missing && f.count + f.missing ? (
                  <span className="ml-1 text-xs text-muted">
                    ({Math.round((f.missing / (f.count + f.missing)) * 100)} %)
                  </span>
                ) : null}
              </Td>
              <Td numeric label="Distinct">
                {formatCount(f.distinct)}
              </Td>
              <Td label="Mean ± std / top" className="text-xs tabular-nums">
                {describeReferenceFeature(f)}
              </Td>
              <Td numeric label="Range" className="text-xs">
                {f.type === "numerical" && f.min !== null
                  ? `${formatStat(f.min)} – ${formatStat(f.max)}`
                  : "—"}
              </Td>
            </Tr>
          ))}
      </tbody>
    </Table>
  );
}
