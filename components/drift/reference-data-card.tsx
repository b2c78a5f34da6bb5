"use client";

import { Database, Upload } from "lucide-react";
import { useId, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import {
  type FeatureType,
  type ReferenceSummary,
  describeReferenceFeature,
  formatStat,
  typesParam,
} from "@/lib/charts/drift";
import { apiUrl } from "@/lib/client/api";
import { driftEndpoints } from "@/lib/endpoints/drift";
import { formatCount } from "@/lib/charts/monitoring";

type Upload = { phase: "sending"; percent: number | null } | { phase: "profiling" };

interface Problem {
  status: number;
  message: string;
  errors: string[];
}

/** PUT a CSV file as text/csv, reporting upload progress; resolves with the summary or rejects with a Problem. */
function putCsv(
  url: string,
  file: File,
  onProgress: (u: Upload) => void,
): Promise<ReferenceSummary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.setRequestHeader("Content-Type", "text/csv");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) =>
      onProgress({
        phase: "sending",
        percent: e.lengthComputable ? Math.round((e.loaded / e.total) * 100) : null,
      });
    xhr.upload.onload = () => onProgress({ phase: "profiling" });
    xhr.onerror = () =>
      reject({
        status: 0,
        message: "The upload failed: the server could not be reached.",
        errors: [],
      } satisfies Problem);
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as Record<string, unknown>) : {};
      } catch {
        // not JSON: fall through with the status text
      }
      if (xhr.status >= 200 && xhr.status < 300)
        return resolve(body as unknown as ReferenceSummary);
      const errors = ((body.errors as { path: string; message: string }[] | undefined) ?? []).map(
        (e) => (e.path && e.path !== "body" ? `${e.path}: ${e.message}` : e.message),
      );
      const message =
        xhr.status === 413
          ? "The file is too large for one upload. Send at most 100,000 rows (a sample is fine)."
          : String(
              body.detail ?? body.title ?? (xhr.statusText || `Upload failed (${xhr.status})`),
            );
      reject({
        status: xhr.status,
        message,
        errors: errors.filter((e) => !message.includes(e)).slice(0, 5),
      } satisfies Problem);
    };
    xhr.send(file);
  });
}

/**
 * A version's reference data (what drift is measured against): the profiled features, and for
 * editors an "Upload CSV" control that replaces it. After an upload in this session, each
 * feature's type can be overridden and the same file sent again with `?types=`.
 */
export function ReferenceDataCard({
  slug,
  version,
  initial,
  canUpload,
}: {
  slug: string;
  version: number;
  initial: ReferenceSummary | null;
  canUpload: boolean;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [summary, setSummary] = useState(initial);
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [types, setTypes] = useState<Record<string, FeatureType>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const params = { slug, n: version };
  const url = apiUrl(driftEndpoints.putReference, { params });

  const send = async (f: File, overrides: Record<string, FeatureType>) => {
    setProblem(null);
    setNotice(null);
    setUpload({ phase: "sending", percent: 0 });
    const q = typesParam(overrides);
    try {
      // A CSV body, sent with XMLHttpRequest for its upload progress; the types ride in the query.
      const next = await putCsv(
        apiUrl(driftEndpoints.putReference, { params, query: q ? { types: q } : undefined }),
        f,
        setUpload,
      );
      setSummary(next);
      setFile(f);
      setTypes(
        Object.fromEntries(next.features.filter((x) => x.overridden).map((x) => [x.name, x.type])),
      );
      setNotice(
        `Profiled ${next.rowCount.toLocaleString("en-US")} rows and ${next.features.length} features from ${f.name}.`,
      );
    } catch (e) {
      setProblem(e as Problem);
    } finally {
      setUpload(null);
    }
  };

  const onPick = (f: File | undefined) => {
    if (input.current) input.current.value = "";
    if (!f) return;
    if (!/\.csv$/i.test(f.name) && f.type && f.type !== "text/csv") {
      setProblem({ status: 0, message: `${f.name} is not a CSV file.`, errors: [] });
      return;
    }
    void send(f, {});
  };

  const inferred = (name: string) => summary?.features.find((x) => x.name === name)?.type;
  const changed =
    file !== null &&
    summary !== null &&
    summary.features.some((f) => (types[f.name] ?? f.type) !== f.type);
  const busy = upload !== null;

  const control = canUpload ? (
    <>
      <input
        ref={input}
        id={`${id}-file`}
        type="file"
        accept=".csv,text/csv"
        hidden
        data-testid="reference-file"
        onChange={(e) => onPick(e.target.files?.[0])}
      />
      <Button
        size="sm"
        variant={summary ? "secondary" : "primary"}
        disabled={busy}
        onClick={() => input.current?.click()}
        aria-describedby={`${id}-hint`}
      >
        <Upload aria-hidden className="size-3.5" />
        {summary ? "Replace with CSV" : "Upload CSV"}
      </Button>
    </>
  ) : null;

  return (
    <Card className="lg:col-span-2">
      <div id="reference-data" className="scroll-mt-4">
        <CardHeader
          title="Reference data"
          description={
            summary ? (
              <>
                {summary.rowCount.toLocaleString("en-US")} rows, {summary.features.length} features
                · uploaded <RelativeTime value={summary.updatedAt} /> · what drift in production is
                measured against
              </>
            ) : (
              "The data this version was trained or validated on; drift in production is measured against it."
            )
          }
          actions={control}
        />
      </div>
      <div className="space-y-2 px-4 pt-3 empty:hidden">
        <p id={`${id}-hint`} className={canUpload ? "text-xs text-muted" : "sr-only"}>
          {canUpload ? (
            <>
              A CSV with a header row, one column per feature (up to 100,000 rows). Numbers become
              numerical features, anything else categorical. Or send it with{" "}
              <code className="font-mono">PUT {url}</code> (
              <code className="font-mono">text/csv</code>, optionally{" "}
              <code className="font-mono">?types=name:categorical</code>).
            </>
          ) : null}
        </p>
        <div aria-live="polite" className="text-xs">
          {upload ? (
            <div className="flex items-center gap-3" role="status">
              <span>
                {upload.phase === "sending"
                  ? `Uploading${upload.percent !== null ? ` ${upload.percent} %` : "…"}`
                  : "Profiling the rows…"}
              </span>
              <span
                role="progressbar"
                aria-label="Upload progress"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={upload.phase === "sending" ? (upload.percent ?? undefined) : 100}
                className="relative h-1.5 w-40 overflow-hidden rounded-full bg-surface-2"
              >
                <span
                  className={
                    upload.phase === "profiling"
                      ? "absolute inset-y-0 left-0 w-full animate-pulse bg-accent"
                      : "absolute inset-y-0 left-0 bg-accent transition-all"
                  }
                  style={
                    upload.phase === "sending" ? { width: `${upload.percent ?? 0}%` } : undefined
                  }
                />
              </span>
            </div>
          ) : notice ? (
            <p className="text-ok">{notice}</p>
          ) : null}
        </div>
        {problem ? (
          <div
            role="alert"
            className="rounded-md border border-crit/40 bg-crit-bg px-3 py-2 text-xs text-crit"
          >
            <p className="font-medium">{problem.message}</p>
            {problem.errors.length ? (
              <ul className="mt-1 list-disc pl-4">
                {problem.errors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      {summary ? (
        <>
          <Table className="mt-2">
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
              {[...summary.features]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((f) => (
                  <Tr key={f.name}>
                    <Td className="font-mono text-xs">{f.name}</Td>
                    <Td>
                      {file && canUpload ? (
                        <Select
                          aria-label={`Type of ${f.name}`}
                          value={types[f.name] ?? f.type}
                          onChange={(e) =>
                            setTypes({ ...types, [f.name]: e.target.value as FeatureType })
                          }
                          className="h-7 w-36 py-0 text-xs"
                          disabled={busy}
                        >
                          <option value="numerical">numerical</option>
                          <option value="categorical">categorical</option>
                        </Select>
                      ) : (
                        <span className="flex items-center gap-1">
                          <Badge tone={f.type === "numerical" ? "info" : "accent"}>{f.type}</Badge>
                          {f.overridden ? (
                            <span className="text-[11px] text-muted">set</span>
                          ) : null}
                        </span>
                      )}
                    </Td>
                    <Td numeric>
                      {formatCount(f.missing)}
                      {f.missing && f.count + f.missing ? (
                        <span className="ml-1 text-xs text-muted">
                          ({Math.round((f.missing / (f.count + f.missing)) * 100)} %)
                        </span>
                      ) : null}
                    </Td>
                    <Td numeric>{formatCount(f.distinct)}</Td>
                    <Td className="text-xs tabular-nums">{describeReferenceFeature(f)}</Td>
                    <Td numeric className="text-xs">
                      {f.type === "numerical" && f.min !== null
                        ? `${formatStat(f.min)} – ${formatStat(f.max)}`
                        : "—"}
                    </Td>
                  </Tr>
                ))}
            </tbody>
          </Table>
          {file && canUpload ? (
            <div className="flex flex-wrap items-center justify-end gap-2 px-4 py-3">
              <p className="mr-auto text-xs text-muted">
                Types are inferred from the values; change one and send {file.name} again to
                override it.
              </p>
              <Button
                size="sm"
                variant="secondary"
                disabled={!changed || busy}
                onClick={() =>
                  void send(
                    file,
                    Object.fromEntries(
                      Object.entries(types).filter(
                        ([n, t]) =>
                          t !== inferred(n) ||
                          summary.features.find((x) => x.name === n)?.overridden,
                      ),
                    ),
                  )
                }
              >
                Re-upload with these types
              </Button>
            </div>
          ) : (
            <div className="h-2" />
          )}
        </>
      ) : (
        <EmptyState icon={Database} title="No reference data">
          {canUpload
            ? "Upload the training or validation data as CSV to check this version's deployments for drift."
            : "An editor can upload the training or validation data as CSV, so this version's deployments are checked for drift."}
        </EmptyState>
      )}
    </Card>
  );
}
