import type { UseFormRegisterReturn } from "react-hook-form";
import { Field, Input } from "@/components/ui/input";

// The requirements' quality metric, picked from the eval metrics the newest version reports.
// A name no version reports turns the metrics gate red: the form says so, but saves it.

export type LatestMetrics = { version: number; metrics: string[] };

export function QualityMetricField({
  registration,
  error,
  latest,
}: {
  registration: UseFormRegisterReturn;
  error: string | undefined;
  latest: LatestMetrics | null;
}) {
  return (
    <Field
      label="Quality metric"
      htmlFor="r-mname"
      error={error}
      hint={latest ? `From v${latest.version}'s eval metrics.` : undefined}
    >
      <Input
        id="r-mname"
        list="r-mname-options"
        autoComplete="off"
        placeholder={latest?.metrics[0] ?? "accuracy"}
        {...registration}
        aria-invalid={Boolean(error)}
        aria-describedby="r-mname-unknown"
      />
      <datalist id="r-mname-options">
        {latest?.metrics.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
    </Field>
  );
}

/** Under the field's row: a warning when the name typed is not one the newest version reports. */
export function UnknownMetricWarning({
  name,
  latest,
}: {
  name: string;
  latest: LatestMetrics | null;
}) {
  const unknown = name !== "" && latest !== null && !latest.metrics.includes(name);
  return (
    <p id="r-mname-unknown" role="status" className={unknown ? "text-xs text-warn" : "sr-only"}>
      {unknown && latest
        ? `“${name}” is not an eval metric of v${latest.version}${latest.metrics.length ? ` (it reports ${latest.metrics.join(", ")})` : ""}. You can save it, but the metrics gate fails until a version reports it.`
        : ""}
    </p>
  );
}
