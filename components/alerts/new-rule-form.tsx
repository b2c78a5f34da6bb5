"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { Controller, useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Combobox } from "@/components/ui/combobox";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input, invalidProps as aria, Select } from "@/components/ui/input";
import { type FormInputs, numeric, showServerErrors, text } from "@/lib/client/form";
import { useApiMutation } from "@/lib/client/hooks";
import { alertLinks } from "@/lib/endpoints/links";
import { estimatedMetrics, ruleCreate, type RuleCreate } from "@/lib/schemas/alerts";
import {
  AggregationField,
  ComparatorField,
  EnabledField,
  NameField,
  SeverityField,
  ShareField,
  ThresholdField,
  TimingFields,
} from "./rule-fields";
import { type CreatableKind as Kind, friendly, kindDefaults, minutes } from "./rule-form";
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

const metricSuggestions = [
  "latency_ms",
  "prediction.latency_ms",
  "prediction.error",
  "prediction.confidence",
  "cpu_percent",
  "memory_mb",
];

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
    ...(kind !== "drift" && kind !== "data_quality" ? { metric } : {}),
    ...(kind === "metric" ? { aggregation, comparator } : {}),
    ...(kind !== "no_data" ? { threshold } : {}),
  };
}, fields) as unknown as z.ZodType<RuleCreate, Values>;

const names = Object.keys(shape).flatMap((k) =>
  k === "scope" ? ["scope.model", "scope.target"] : [k],
) as (keyof Values | "scope.model" | "scope.target")[];

const kindNames: Record<Kind, string> = {
  metric: "Metric threshold",
  no_data: "No data",
  drift: "Drift",
  estimated_performance: "Estimated performance",
  data_quality: "Data quality",
};

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
      windowSeconds: kindDefaults.metric.window,
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
    return e ? (friendly[k] ?? e.message) : undefined;
  };
  const invalid = (k: (typeof names)[number], id: string) => aria(id, error(k));
  const field = (k: keyof Values) => ({ reg: register(k), error: error(k) });
  // Each kind starts from its own window and threshold; the estimated metric is a choice of four.
  const pickKind = (next: Kind) => {
    setValue("windowSeconds", kindDefaults[next].window);
    setValue("threshold", kindDefaults[next].threshold);
    if (next === "estimated_performance") setValue("metric", estimatedMetrics[0]);
    else if (kind === "estimated_performance") setValue("metric", "");
    clearErrors();
  };
  return (
    <form
      onSubmit={handleSubmit((body) => create.mutate({ body }))}
      className="max-h-[70vh] space-y-3 overflow-y-auto pr-1"
      noValidate
    >
      <NameField {...field("name")} />
      <div className="grid grid-cols-2 gap-3">
        <Field label="Kind" htmlFor="r-kind" error={error("kind")}>
          <Select
            id="r-kind"
            {...register("kind", {
              onChange: (e: { target: { value: Kind } }) => pickKind(e.target.value),
            })}
            {...invalid("kind", "r-kind")}
          >
            {Object.entries(kindNames).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        <SeverityField {...field("severity")} />
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
      {kind === "metric" || kind === "no_data" ? (
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
          <AggregationField {...field("aggregation")} />
          <ComparatorField {...field("comparator")} />
          <ThresholdField {...field("threshold")} />
        </div>
      ) : null}
      {kind === "estimated_performance" ? (
        <div className="grid grid-cols-2 gap-3">
          <Field
            label="Estimated metric"
            htmlFor="r-metric"
            error={error("metric")}
            hint="Estimated from the confidences before labels arrive."
          >
            <Select id="r-metric" {...register("metric")} {...invalid("metric", "r-metric")}>
              {estimatedMetrics.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </Select>
          </Field>
          <ThresholdField {...field("threshold")} hint="empty: the model's requirement" />
        </div>
      ) : null}
      {kind === "drift" || kind === "data_quality" ? (
        <ShareField kind={kind} {...field("threshold")} />
      ) : null}
      <TimingFields window={field("windowSeconds")} pending={field("forSeconds")} />
      <EnabledField reg={register("enabled")} />
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
