"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { Controller, useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Combobox } from "@/components/ui/combobox";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input, Select } from "@/components/ui/input";
import { type FormInputs, numeric, showServerErrors, text } from "@/lib/client/form";
import { useApiMutation } from "@/lib/client/hooks";
import { alertLinks } from "@/lib/endpoints/links";
import { ruleCreate, type RuleCreate } from "@/lib/schemas/alerts";
import { modelOptions, rulesKey, targetOptions, useModels, useTargets } from "./rule-options";

/** What a scope covers, in words: rules follow the endpoint, whatever version runs there. */
function scopeHint(model: string, target: string) {
  if (model && target) return "One endpoint: this model on this target, across releases.";
  if (model) return "This model on every target, whatever version runs.";
  if (target) return "Every model on this target, whatever version runs.";
  return "Every endpoint: every model on every target.";
}

// "New alert rule", loaded when its dialog opens. Checked with the API's ruleCreate (a metric
// rule needs a metric and a threshold, and the rest), wrapped to read the inputs: the window
// and the pending time are typed in minutes, and a kind's hidden fields are not sent.

type Values = FormInputs<RuleCreate>;
type Kind = RuleCreate["kind"];

const metricSuggestions = [
  "latency_ms",
  "prediction.latency_ms",
  "prediction.error",
  "prediction.confidence",
  "cpu_percent",
  "memory_mb",
];

/** Minutes in the form, seconds in the API; blank is left out so the API's default applies. */
const minutes = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : Math.round(Number(v) * 60)), schema);

const { shape } = ruleCreate;
const scope = shape.scope.unwrap();
// safeExtend keeps the schema's refinement; its types ask for the API's inputs, ours are strings.
const fields = ruleCreate.safeExtend({
  scope: scope.safeExtend({
    model: text(scope.shape.model, true),
    target: text(scope.shape.target, true),
  } as never),
  metric: text(shape.metric, true),
  threshold: numeric(shape.threshold, true),
  windowSeconds: minutes(shape.windowSeconds),
  forSeconds: minutes(shape.forSeconds),
} as never);
const form = z.preprocess((v) => {
  const { kind, metric, aggregation, comparator, threshold, ...rest } = v as Values;
  return {
    ...rest,
    kind,
    ...(kind !== "drift" ? { metric } : {}),
    ...(kind === "metric" ? { aggregation, comparator } : {}),
    ...(kind !== "no_data" ? { threshold } : {}),
  };
}, fields) as unknown as z.ZodType<RuleCreate, Values>;

const names = Object.keys(shape).flatMap((k) =>
  k === "scope" ? ["scope.model", "scope.target"] : [k],
) as (keyof Values | "scope.model" | "scope.target")[];

/** The API's bounds in seconds read badly next to a field in minutes. */
const friendly: Partial<Record<keyof Values, string>> = {
  windowSeconds: "must be between half a minute and 7 days",
  forSeconds: "must be between 0 and 1440 minutes (a day)",
};
const windowFor: Record<Kind, string> = { metric: "5", no_data: "10", drift: "60" };

export function NewRuleForm({ onDone }: { onDone: () => void }) {
  const qc = useQueryClient();
  const { register, handleSubmit, setValue, setError, clearErrors, control, formState } = useForm<
    Values,
    unknown,
    RuleCreate
  >({
    resolver: zodResolver(form),
    defaultValues: {
      name: "",
      kind: "metric",
      severity: "warning",
      scope: { model: "", target: "" },
      metric: "",
      aggregation: "p95",
      comparator: ">",
      threshold: "",
      windowSeconds: windowFor.metric,
      forSeconds: "0",
      enabled: true,
    },
  });
  const [kind, model, target] = useWatch({
    control,
    name: ["kind", "scope.model", "scope.target"],
  }) as [Kind, string, string];
  const models = useModels();
  const targets = useTargets();
  const create = useApiMutation(alertLinks.createRule, {
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: rulesKey });
      onDone();
    },
    onError: (e) => showServerErrors(e, names, setError),
  });

  const { errors } = formState;
  const error = (k: (typeof names)[number]) => {
    const e =
      k === "scope.model"
        ? errors.scope?.model
        : k === "scope.target"
          ? errors.scope?.target
          : errors[k];
    return e ? (friendly[k as keyof Values] ?? e.message) : undefined;
  };
  const invalid = (k: (typeof names)[number], id: string) => ({
    "aria-invalid": Boolean(error(k)),
    "aria-describedby": error(k) ? `${id}-error` : undefined,
  });
  return (
    <form
      onSubmit={handleSubmit((body) => create.mutate({ body }))}
      className="max-h-[70vh] space-y-3 overflow-y-auto pr-1"
      noValidate
    >
      <Field label="Name" htmlFor="r-name" error={error("name")}>
        <Input
          id="r-name"
          {...register("name")}
          maxLength={120}
          placeholder="Slow predictions"
          autoFocus
          {...invalid("name", "r-name")}
        />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Kind" htmlFor="r-kind" error={error("kind")}>
          <Select
            id="r-kind"
            {...register("kind", {
              // Each kind starts from its own window and threshold.
              onChange: (e: { target: { value: Kind } }) => {
                setValue("windowSeconds", windowFor[e.target.value]);
                setValue("threshold", e.target.value === "drift" ? "0.5" : "");
                clearErrors();
              },
            })}
            {...invalid("kind", "r-kind")}
          >
            <option value="metric">Metric threshold</option>
            <option value="no_data">No data</option>
            <option value="drift">Drift</option>
          </Select>
        </Field>
        <Field label="Severity" htmlFor="r-severity" error={error("severity")}>
          <Select id="r-severity" {...register("severity")} {...invalid("severity", "r-severity")}>
            <option value="info">Info</option>
            <option value="warning">Warning</option>
            <option value="critical">Critical</option>
          </Select>
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field
          label="Model"
          htmlFor="r-model"
          error={
            error("scope.model") ??
            (models.isError ? `could not load models: ${models.error.message}` : undefined)
          }
        >
          <Controller
            control={control}
            name="scope.model"
            render={({ field }) => (
              <Combobox
                id="r-model"
                options={modelOptions(models.data)}
                value={String(field.value ?? "")}
                onChange={field.onChange}
                placeholder="Search models"
                {...invalid("scope.model", "r-model")}
              />
            )}
          />
        </Field>
        <Field
          label="Target"
          htmlFor="r-target"
          error={
            error("scope.target") ??
            (targets.isError ? `could not load targets: ${targets.error.message}` : undefined)
          }
          hint={scopeHint(model, target)}
        >
          <Controller
            control={control}
            name="scope.target"
            render={({ field }) => (
              <Combobox
                id="r-target"
                options={targetOptions(targets.data)}
                value={String(field.value ?? "")}
                onChange={field.onChange}
                placeholder="Search targets"
                {...invalid("scope.target", "r-target")}
              />
            )}
          />
        </Field>
      </div>
      {kind !== "drift" ? (
        <Field
          label="Metric"
          htmlFor="r-metric"
          error={error("metric")}
          hint={
            kind === "no_data"
              ? "Fires when this series has no point in the window."
              : "A series ingested for the deployment."
          }
        >
          <Input
            id="r-metric"
            {...register("metric")}
            list="r-metric-suggestions"
            autoComplete="off"
            placeholder="prediction.latency_ms"
            className="font-mono"
            {...invalid("metric", "r-metric")}
          />
          <datalist id="r-metric-suggestions">
            {metricSuggestions.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </Field>
      ) : null}
      {kind === "metric" ? (
        <div className="grid grid-cols-3 gap-3">
          <Field label="Aggregation" htmlFor="r-agg" error={error("aggregation")}>
            <Select id="r-agg" {...register("aggregation")} {...invalid("aggregation", "r-agg")}>
              <option value="avg">avg</option>
              <option value="p95">p95</option>
              <option value="max">max</option>
              <option value="min">min</option>
              <option value="sum">sum</option>
              <option value="rate">rate (per s)</option>
            </Select>
          </Field>
          <Field label="Comparator" htmlFor="r-cmp" error={error("comparator")}>
            <Select id="r-cmp" {...register("comparator")} {...invalid("comparator", "r-cmp")}>
              <option value=">">&gt; above</option>
              <option value=">=">≥ at least</option>
              <option value="<">&lt; below</option>
              <option value="<=">≤ at most</option>
            </Select>
          </Field>
          <Field label="Threshold" htmlFor="r-threshold" error={error("threshold")}>
            <Input
              id="r-threshold"
              {...register("threshold")}
              type="number"
              step="any"
              inputMode="decimal"
              {...invalid("threshold", "r-threshold")}
            />
          </Field>
        </div>
      ) : null}
      {kind === "drift" ? (
        <Field
          label="Minimum drifted share"
          htmlFor="r-threshold"
          error={error("threshold")}
          hint="Fires when the newest drift report says drifted, with at least this share of features (0–1)."
        >
          <Input
            id="r-threshold"
            {...register("threshold")}
            type="number"
            min={0}
            max={1}
            step={0.05}
            className="w-32"
            {...invalid("threshold", "r-threshold")}
          />
        </Field>
      ) : null}
      <div className="grid grid-cols-2 gap-3">
        <Field
          label="Window (minutes)"
          htmlFor="r-window"
          error={error("windowSeconds")}
          hint="What each check looks back over."
        >
          <Input
            id="r-window"
            {...register("windowSeconds")}
            type="number"
            min={0.5}
            max={10_080}
            step="any"
            {...invalid("windowSeconds", "r-window")}
          />
        </Field>
        <Field
          label="Pending for (minutes)"
          htmlFor="r-for"
          error={error("forSeconds")}
          hint="How long it must hold before firing; 0 fires at once."
        >
          <Input
            id="r-for"
            {...register("forSeconds")}
            type="number"
            min={0}
            max={1440}
            step="any"
            {...invalid("forSeconds", "r-for")}
          />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...register("enabled")} className="accent-[var(--accent)]" />{" "}
        Enabled
      </label>
      <FormFooter
        error={errors.root?.message}
        onCancel={onDone}
        pending={create.isPending}
        submit="Create rule"
        pendingLabel="Creating…"
      />
    </form>
  );
}
