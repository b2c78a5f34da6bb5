"use client";

import { Database } from "lucide-react";
import { useId, useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { type FeatureType, overridesToSend, typesChanged, typesParam } from "@/lib/charts/drift";
import type { ReferenceSummary } from "@/lib/charts/drift";
import { apiUrl } from "@/lib/client/api";
import { driftLinks } from "@/lib/endpoints/links";
import { type UploadProblem, type UploadProgress, putCsv } from "./put-csv";
import { ReferenceFeaturesTable } from "./reference-features-table";
import { ReferenceUploadButton, ReferenceUploadStatus } from "./reference-upload";
import { TypeOverrides } from "./type-overrides";

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
  const [summary, setSummary] = useState(initial);
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<UploadProgress | null>(null);
  const [problem, setProblem] = useState<UploadProblem | null>(null);
  const [types, setTypes] = useState<Record<string, FeatureType>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const params = { slug, n: version };
  const url = apiUrl(driftLinks.putReference, { params });

  const send = async (f: File, overrides: Record<string, FeatureType>) => {
    setProblem(null);
    setNotice(null);
    setUpload({ phase: "sending", percent: 0 });
    const q = typesParam(overrides);
    try {
      // A CSV body, sent with XMLHttpRequest for its upload progress; the types ride in the query.
      const next = await putCsv(
        apiUrl(driftLinks.putReference, { params, query: q ? { types: q } : undefined }),
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
      setProblem(e as UploadProblem);
    } finally {
      setUpload(null);
    }
  };

  const onPick = (f: File | undefined) => {
    if (!f) return;
    if (!/\.csv$/i.test(f.name) && f.type && f.type !== "text/csv") {
      setProblem({ status: 0, message: `${f.name} is not a CSV file.`, errors: [] });
      return;
    }
    void send(f, {});
  };

  // Types can be overridden once a file was uploaded in this session: it is sent again.
  const editing = file !== null && canUpload ? file : null;
  const busy = upload !== null;

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
          actions={
            canUpload ? (
              <ReferenceUploadButton id={id} hasData={!!summary} busy={busy} onPick={onPick} />
            ) : null
          }
        />
      </div>
      <ReferenceUploadStatus
        id={id}
        canUpload={canUpload}
        url={url}
        upload={upload}
        notice={notice}
        problem={problem}
      />
      {summary ? (
        <>
          <ReferenceFeaturesTable
            features={summary.features}
            types={editing ? types : null}
            onTypeChange={(name, type) => setTypes({ ...types, [name]: type })}
            busy={busy}
          />
          {editing ? (
            <TypeOverrides
              fileName={editing.name}
              changed={typesChanged(summary.features, types)}
              busy={busy}
              onResend={() => void send(editing, overridesToSend(summary.features, types))}
            />
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
