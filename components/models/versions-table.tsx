"use client";

import { GitCompareArrows } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { StageBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatBytes, formatMetric } from "@/lib/format";

interface Row {
  version: number;
  stage: string;
  evalMetrics: Record<string, number>;
  sizeBytes: number | null;
  createdAt: string;
}

/** The model's versions; tick two to four to compare them. */
export function VersionsTable({
  slug,
  versions,
  keyMetrics,
}: {
  slug: string;
  versions: Row[];
  keyMetrics: string[];
}) {
  const [picked, setPicked] = useState<number[]>([]);
  const toggle = (n: number) =>
    setPicked((p) => (p.includes(n) ? p.filter((x) => x !== n) : p.length < 4 ? [...p, n] : p));
  const compareHref = `/models/${slug}/compare?versions=${[...picked].sort((a, b) => a - b).join(",")}`;
  return (
    <>
      <div className="flex items-center justify-between gap-2 px-4 py-2 text-xs text-muted">
        <span>
          {picked.length < 2
            ? "Tick two to four versions to compare them."
            : `${picked.length} selected`}
        </span>
        {picked.length >= 2 ? (
          <Link
            href={compareHref}
            className="inline-flex items-center gap-1 rounded-md bg-accent px-2.5 py-1 font-medium text-accent-fg"
          >
            <GitCompareArrows className="size-3.5" aria-hidden /> Compare {picked.length}
          </Link>
        ) : null}
      </div>
      <Table>
        <thead>
          <tr>
            <Th className="w-8">
              <span className="sr-only">Select</span>
            </Th>
            <Th>Version</Th>
            <Th>Stage</Th>
            {keyMetrics.map((m) => (
              <Th key={m} numeric>
                {m}
              </Th>
            ))}
            <Th numeric>Size</Th>
            <Th numeric>Registered</Th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <Tr key={v.version}>
              <Td>
                <input
                  type="checkbox"
                  aria-label={`Select v${v.version} to compare`}
                  checked={picked.includes(v.version)}
                  onChange={() => toggle(v.version)}
                  disabled={!picked.includes(v.version) && picked.length >= 4}
                />
              </Td>
              <Td>
                <Link
                  href={`/models/${slug}/versions/${v.version}`}
                  className="font-mono font-medium hover:text-accent hover:underline"
                >
                  v{v.version}
                </Link>
              </Td>
              <Td>
                <StageBadge stage={v.stage} />
              </Td>
              {keyMetrics.map((m) => (
                <Td key={m} numeric>
                  {formatMetric(v.evalMetrics[m])}
                </Td>
              ))}
              <Td numeric className="text-muted">
                {formatBytes(v.sizeBytes)}
              </Td>
              <Td numeric className="text-muted">
                <RelativeTime value={v.createdAt} />
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
