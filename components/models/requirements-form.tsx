"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input, Select, Textarea } from "@/components/ui/input";
import {
  asPercent,
  commaList,
  type FormInputs,
  numeric,
  percent,
  showServerErrors,
  text,
} from "@/lib/client/form";
import { useApiMutation } from "@/lib/client/hooks";
import { modelLinks } from "@/lib/endpoints/links";
import {
  dataSensitivities,
  integrationStyles,
  requirementsInput,
  type RequirementsDto,
  type RequirementsInput,
} from "@/lib/schemas/models";
import {
  type LatestMetrics,
  QualityMetricField,
  UnknownMetricWarning,
} from "./quality-metric-field";

// "Edit requirements", loaded when its dialog opens. Checked with the API's requirementsInput
// (the metric name and its minimum together, and the rest), wrapped only to read the inputs.

type Values = FormInputs<RequirementsInput>;

const { shape } = requirementsInput;
// safeExtend keeps the schema's refinement; its types ask for the API's inputs, ours are strings.
const form = requirementsInput.safeExtend({
  latencyP95Ms: numeric(shape.latencyP95Ms),
  throughputRps: numeric(shape.throughputRps),
  memoryMb: numeric(shape.memoryMb),
  maxErrorRate: percent(shape.maxErrorRate),
  minMetricName: text(shape.minMetricName),
  minMetricValue: numeric(shape.minMetricValue),
  complianceTags: commaList(shape.complianceTags),
  integrationStyle: text(shape.integrationStyle),
  inputValidation: text(shape.inputValidation),
} as never) as unknown as z.ZodType<RequirementsInput, Values>;

const fields = Object.keys(shape) as (keyof Values)[];

const str = (v: number | string | null | undefined) => (v == null ? "" : String(v));

export function RequirementsForm({
  slug,
  requirements: r,
  latest,
  onDone,
}: {
  slug: string;
  requirements: RequirementsDto | null;
  /** The newest version and the eval metrics it reports: the quality metric is one of them. */
  latest: LatestMetrics | null;
  onDone: () => void;
}) {
  const router = useRouter();
  const { register, handleSubmit, setError, formState, control } = useForm<
    Values,
    unknown,
    RequirementsInput
  >({
    resolver: zodResolver(form),
    defaultValues: {
      latencyP95Ms: str(r?.latencyP95Ms),
      throughputRps: str(r?.throughputRps),
      memoryMb: str(r?.memoryMb),
      gpuRequired: r?.gpuRequired ?? false,
      maxErrorRate: asPercent(r?.maxErrorRate),
      minMetricName: str(r?.minMetricName),
      minMetricValue: str(r?.minMetricValue),
      dataSensitivity: r?.dataSensitivity ?? "internal",
      complianceTags: r?.complianceTags.join(", ") ?? "",
      integrationStyle: str(r?.integrationStyle),
      inputValidation: str(r?.inputValidation),
      // Not in the form, but a PUT replaces the whole: keep what was there.
      notes: r?.notes ?? "",
    },
  });
  const save = useApiMutation(modelLinks.putRequirements, {
    onSuccess: () => {
      onDone();
      router.refresh();
    },
    onError: (e) => showServerErrors(e, fields, setError),
  });

  const { errors } = formState;
  const metricName = (useWatch({ control, name: "minMetricName" }) ?? "").trim();
  const number = (k: keyof Values, id: string, label: string, step = "any") => (
    <Field label={label} htmlFor={id} error={errors[k]?.message}>
      <Input id={id} type="number" step={step} {...register(k)} aria-invalid={Boolean(errors[k])} />
    </Field>
  );
  return (
    <form
      onSubmit={handleSubmit((body) => save.mutate({ params: { slug }, body }))}
      className="space-y-3"
      noValidate
    >
      <div className="grid grid-cols-3 gap-3">
        {number("latencyP95Ms", "r-lat", "Latency p95 (ms)")}
        {number("throughputRps", "r-thr", "Throughput (req/s)")}
        {number("memoryMb", "r-mem", "Memory budget (MB)", "1")}
      </div>
      <div className="grid grid-cols-3 gap-3">
        {number("maxErrorRate", "r-err", "Max error rate (%)")}
        <QualityMetricField
          registration={register("minMetricName")}
          error={errors.minMetricName?.message}
          latest={latest}
        />
        {number("minMetricValue", "r-mval", "…at least")}
      </div>
      <UnknownMetricWarning name={metricName} latest={latest} />
      <div className="grid grid-cols-3 gap-3">
        <Field label="Data sensitivity" htmlFor="r-sens" error={errors.dataSensitivity?.message}>
          <Select id="r-sens" {...register("dataSensitivity")}>
            {dataSensitivities.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Integration" htmlFor="r-int" error={errors.integrationStyle?.message}>
          <Select id="r-int" {...register("integrationStyle")}>
            <option value="">not set</option>
            {integrationStyles.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
        </Field>
        <label className="flex items-end gap-2 pb-2 text-sm">
          <input type="checkbox" {...register("gpuRequired")} /> Needs a GPU
        </label>
      </div>
      <Field
        label="Compliance tags"
        htmlFor="r-comp"
        error={errors.complianceTags?.message}
        hint="Comma-separated, e.g. gdpr, hipaa."
      >
        <Input id="r-comp" {...register("complianceTags")} />
      </Field>
      <Field label="Input validation" htmlFor="r-inval" error={errors.inputValidation?.message}>
        <Textarea id="r-inval" rows={2} {...register("inputValidation")} />
      </Field>
      <FormFooter
        error={errors.root?.message}
        onCancel={onDone}
        pending={save.isPending}
        submit="Save requirements"
        pendingLabel="Saving…"
      />
    </form>
  );
}
