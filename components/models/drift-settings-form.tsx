"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { type FieldErrors, useFieldArray, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, Input, invalidProps as aria, Select } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import { useRefresh } from "@/components/ui/use-refresh";
import { ApiError } from "@/lib/client/api";
import { showServerErrors } from "@/lib/client/form";
import { useApiMutation } from "@/lib/client/hooks";
import { driftLinks } from "@/lib/endpoints/links";
import { type DriftConfig, driftMethods } from "@/lib/schemas/drift";
import { type DriftValues, driftForm, driftValues, onRows } from "./drift-config-form";

// The drift settings form, loaded when an editor opens a model page: the method and threshold
// every feature is tested with, the dataset's drift share and per-feature exceptions, saved
// with PUT drift-config. Checked with the API's driftConfig (./drift-config-form).

const methodLabels: Record<(typeof driftMethods)[number], string> = {
  ks: "ks (Kolmogorov–Smirnov)",
  chisquare: "chisquare (chi-squared)",
  z: "z (Z-test)",
  wasserstein: "wasserstein (normed Wasserstein)",
  jensenshannon: "jensenshannon (Jensen–Shannon)",
  psi: "psi (population stability index)",
};

const defaultMethod = "Evidently's choice per feature";

function MethodOptions({ blank }: { blank: string }) {
  return (
    <>
      <option value="">{blank}</option>
      {driftMethods.map((m) => (
        <option key={m} value={m}>
          {methodLabels[m]}
        </option>
      ))}
    </>
  );
}

function rowError(errors: FieldErrors<DriftValues>, i: number, k: "name" | "method" | "threshold") {
  return errors.features?.[i]?.[k]?.message;
}

export function DriftSettingsForm({
  slug,
  config,
  features,
}: {
  slug: string;
  config: DriftConfig;
  features: string[];
}) {
  const refresh = useRefresh();
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, setError, control, formState, reset, getValues } = useForm<
    DriftValues,
    unknown,
    DriftConfig
  >({ resolver: zodResolver(driftForm), defaultValues: driftValues(config) });
  const rows = useFieldArray({ control, name: "features" });
  const save = useApiMutation(driftLinks.config, {
    onSuccess: (body) => {
      reset(driftValues(body));
      setSaved(true);
      refresh("Drift");
    },
    onError: (e) => {
      const current = getValues("features");
      const names = [
        "method",
        "threshold",
        "driftShare",
        ...current.flatMap((_, i) =>
          (["name", "method", "threshold"] as const).map((k) => `features.${i}.${k}` as const),
        ),
      ] as const;
      const moved =
        e instanceof ApiError ? new ApiError(e.status, e.message, onRows(e.errors, current)) : e;
      showServerErrors(moved, names, setError);
    },
  });
  const { errors } = formState;
  return (
    <form
      onSubmit={handleSubmit((body) => {
        setSaved(false);
        save.mutate({ params: { slug }, body });
      })}
      className="space-y-3 px-4 py-3"
      noValidate
      aria-label="Drift settings"
    >
      <Field label="Method" htmlFor="d-method" error={errors.method?.message}>
        <Select id="d-method" {...register("method")} {...aria("d-method", errors.method?.message)}>
          <MethodOptions blank={defaultMethod} />
        </Select>
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field
          label="Threshold"
          htmlFor="d-threshold"
          error={errors.threshold?.message}
          hint="Empty: the method's default."
        >
          <Input
            id="d-threshold"
            {...register("threshold")}
            type="number"
            step="any"
            inputMode="decimal"
            {...aria("d-threshold", errors.threshold?.message)}
          />
        </Field>
        <Field
          label="Dataset drift share"
          htmlFor="d-share"
          error={errors.driftShare?.message}
          hint="0–1; empty: 0.5."
        >
          <Input
            id="d-share"
            {...register("driftShare")}
            type="number"
            min={0}
            max={1}
            step={0.05}
            inputMode="decimal"
            {...aria("d-share", errors.driftShare?.message)}
          />
        </Field>
      </div>
      <div className="space-y-2">
        <h3 className="text-xs font-medium">Per feature</h3>
        {rows.fields.length ? (
          <Table>
            <caption className="sr-only">Per-feature drift settings</caption>
            <thead>
              <tr>
                <Th>Feature</Th>
                <Th>Method</Th>
                <Th>Threshold</Th>
                <Th>
                  <span className="sr-only">Remove</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {rows.fields.map((row, i) => (
                <tr key={row.id} className="align-top">
                  {(["name", "method", "threshold"] as const).map((k) => {
                    const id = `d-f${i}-${k}`;
                    const error = rowError(errors, i, k);
                    const props = { id, ...register(`features.${i}.${k}`), ...aria(id, error) };
                    return (
                      <Td key={k}>
                        <label htmlFor={id} className="sr-only">
                          Feature {i + 1} {k}
                        </label>
                        {k === "method" ? (
                          <Select {...props}>
                            <MethodOptions blank="as above" />
                          </Select>
                        ) : k === "name" ? (
                          <Input {...props} list="d-feature-names" autoComplete="off" />
                        ) : (
                          <Input {...props} type="number" step="any" inputMode="decimal" />
                        )}
                        {error ? (
                          <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-crit">
                            {error}
                          </p>
                        ) : null}
                      </Td>
                    );
                  })}
                  <Td>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => rows.remove(i)}
                      aria-label={`Remove feature ${i + 1}`}
                      className="hover:text-crit"
                    >
                      <Trash2 className="size-3.5" aria-hidden />
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <p className="text-xs text-muted">Every feature uses the settings above.</p>
        )}
        <datalist id="d-feature-names">
          {features.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        <Button
          size="sm"
          variant="secondary"
          onClick={() => rows.append({ name: "", method: "", threshold: "" })}
        >
          <Plus className="size-3.5" aria-hidden /> Add feature
        </Button>
      </div>
      {errors.root?.message ? (
        <p role="alert" className="text-sm text-crit">
          {errors.root.message}
        </p>
      ) : null}
      <div className="flex items-center justify-end gap-3">
        {saved && !formState.isDirty ? (
          <span role="status" className="text-xs text-muted">
            Saved
          </span>
        ) : null}
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save drift settings"}
        </Button>
      </div>
    </form>
  );
}
