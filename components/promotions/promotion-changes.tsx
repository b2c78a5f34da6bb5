"use client";

import { useState } from "react";
import { useApi } from "@/lib/client/hooks";
import { cn } from "@/lib/cn";
import { promotionLinks } from "@/lib/endpoints/links";
import { formatBytes, formatMetric } from "@/lib/format";

type Value = number | string | null;

function show(kind: string, v: Value) {
  if (v === null) return "–";
  if (typeof v === "string") return v;
  if (kind === "size") return formatBytes(v);
  if (kind === "latency") return `${v} ms`;
  return formatMetric(v);
}

/**
 * "What changes on <target>": the request against what runs there now, loaded when opened —
 * metrics, size, latency, artifact and image side by side, and the manifest diff a gitops
 * target would get.
 */
export function PromotionChanges({
  id,
  targetName,
  version,
}: {
  id: string;
  targetName: string;
  version: number;
}) {
  const [open, setOpen] = useState(false);
  const changes = useApi(promotionLinks.changes, { params: { id } }, { enabled: open });
  const c = changes.data;
  return (
    <details
      className="mt-3 rounded-md border border-border px-3 py-2 text-xs"
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="promotion-changes"
    >
      <summary className="cursor-pointer font-medium">What changes on {targetName}</summary>
      {changes.isPending && open ? (
        <p className="mt-2 text-muted">Loading…</p>
      ) : changes.isError ? (
        <p role="alert" className="mt-2 text-crit">
          Could not load the changes: {changes.error.message}
        </p>
      ) : c ? (
        <div className="mt-2 space-y-3">
          <table className="w-full border-collapse">
            <thead>
              <tr className="text-left text-muted">
                <th scope="col" className="py-1 pr-3 font-medium">
                  Field
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {c.replaces ? `Running now (v${c.replaces.version})` : "Running now (nothing)"}
                </th>
                <th scope="col" className="py-1 font-medium">
                  This request (v{version})
                </th>
              </tr>
            </thead>
            <tbody>
              {c.fields.map((f) => (
                <tr
                  key={f.name}
                  className={cn("border-t border-border", f.changed && "bg-warn-bg/50")}
                >
                  <th scope="row" className="py-1 pr-3 text-left font-normal">
                    {f.label}
                  </th>
                  <td
                    className="max-w-64 truncate py-1 pr-3 font-mono"
                    title={String(f.current ?? "")}
                  >
                    {show(f.kind, f.current)}
                  </td>
                  <td className="max-w-64 truncate py-1 font-mono" title={String(f.proposed ?? "")}>
                    {show(f.kind, f.proposed)}
                    {f.changed ? <span className="sr-only"> (changed)</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {c.manifest ? (
            <div>
              <div className="mb-1 font-medium">
                Manifest to commit: <span className="font-mono">{c.manifest.path}</span>
              </div>
              {c.manifest.error ? (
                <p role="alert" className="text-crit">
                  {c.manifest.error}
                </p>
              ) : (
                <pre
                  className="max-h-80 overflow-auto rounded bg-surface-2 p-2 font-mono leading-snug"
                  aria-label="Manifest diff"
                >
                  {c.manifest.lines.map((l, i) => (
                    <div
                      key={i}
                      className={cn(
                        l.op === "+" && "bg-ok-bg text-ok",
                        l.op === "-" && "bg-crit-bg text-crit",
                      )}
                    >
                      {l.op} {l.text}
                    </div>
                  ))}
                </pre>
              )}
            </div>
          ) : null}
        </div>
      ) : null}
    </details>
  );
}
