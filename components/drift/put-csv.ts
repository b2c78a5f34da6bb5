import type { ReferenceSummary } from "@/lib/charts/drift";

// The reference data upload: a CSV body sent with XMLHttpRequest rather than fetch, for its
// upload progress. Errors come back as problem+json and are reduced to what the card shows.

export type UploadProgress = { phase: "sending"; percent: number | null } | { phase: "profiling" };

export interface UploadProblem {
  status: number;
  message: string;
  errors: string[];
}

/** PUT a CSV file as text/csv, reporting upload progress; resolves with the summary or rejects with an UploadProblem. */
export function putCsv(
  url: string,
  file: File,
  onProgress: (u: UploadProgress) => void,
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
      } satisfies UploadProblem);
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
      } satisfies UploadProblem);
    };
    xhr.send(file);
  });
}
