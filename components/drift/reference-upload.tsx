"use client";

import { Upload } from "lucide-react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import type { UploadProblem, UploadProgress } from "./put-csv";

/** The "Upload CSV" control: a hidden file input behind a button. */
export function ReferenceUploadButton({
  id,
  hasData,
  busy,
  onPick,
}: {
  /** The card's id prefix: the input is `${id}-file`, the hint the button describes `${id}-hint`. */
  id: string;
  hasData: boolean;
  busy: boolean;
  onPick: (file: File | undefined) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        id={`${id}-file`}
        type="file"
        accept=".csv,text/csv"
        hidden
        data-testid="reference-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that picking the same file again uploads it again.
          if (input.current) input.current.value = "";
          onPick(file);
        }}
      />
      <Button
        size="sm"
        variant={hasData ? "secondary" : "primary"}
        disabled={busy}
        onClick={() => input.current?.click()}
        aria-describedby={`${id}-hint`}
      >
        <Upload aria-hidden className="size-3.5" />
        {hasData ? "Replace with CSV" : "Upload CSV"}
      </Button>
    </>
  );
}

/** Below the card's header: how to upload, the upload's progress, its outcome or its problem. */
export function ReferenceUploadStatus({
  id,
  canUpload,
  url,
  upload,
  notice,
  problem,
}: {
  id: string;
  canUpload: boolean;
  url: string;
  upload: UploadProgress | null;
  notice: string | null;
  problem: UploadProblem | null;
}) {
  return (
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
          <UploadProgressBar upload={upload} />
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
  );
}

function UploadProgressBar({ upload }: { upload: UploadProgress }) {
  return (
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
          style={upload.phase === "sending" ? { width: `${upload.percent ?? 0}%` } : undefined}
        />
      </span>
    </div>
  );
}
