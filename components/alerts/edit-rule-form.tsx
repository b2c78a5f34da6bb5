"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { FormFooter } from "@/components/ui/form-footer";
import { Field, Input } from "@/components/ui/input";
import { showServerErrors } from "@/lib/client/form";
import { useApiMutation } from "@/lib/client/hooks";
import { alertLinks } from "@/lib/endpoints/links";
import type { RuleUpdate } from "@/lib/schemas/alerts";
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
import { type EditValues, editRuleForm, editValues, friendly, kindFields } from "./rule-form";
import { rulesKey } from "./rule-options";
import { kindLabels, type RuleDto } from "./rules-format";

// "Edit alert rule", loaded when its dialog opens: the rule's fields prefilled, checked with the
// API's ruleUpdate (editRuleForm), and only what changed sent as the PATCH. The kind, the scope
// and the metric are fixed once a rule exists; a derived rule changes only its severity and
// whether it is enabled.

const names = [
  "name",
  "aggregation",
  "comparator",
  "threshold",
  "windowSeconds",
  "forSeconds",
  "severity",
  "enabled",
] as const satisfies (keyof EditValues)[];

export function EditRuleForm({ rule, onDone }: { rule: RuleDto; onDone: () => void }) {
  const qc = useQueryClient();
  const schema = useMemo(() => editRuleForm(rule), [rule]);
  const { register, handleSubmit, setError, formState } = useForm<EditValues, unknown, RuleUpdate>({
    resolver: zodResolver(schema),
    defaultValues: editValues(rule),
  });
  const update = useApiMutation(alertLinks.updateRule, {
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: rulesKey });
      onDone();
    },
    onError: (e) => showServerErrors(e, names, setError),
  });

  const { errors } = formState;
  const locked = rule.derived;
  const has = kindFields(rule.kind);
  const field = (k: (typeof names)[number]) => {
    const e = errors[k];
    return {
      reg: register(k),
      error: e ? (friendly[k] ?? e.message) : undefined,
      readOnly: locked && k !== "severity" && k !== "enabled",
    };
  };
  const save = (body: RuleUpdate) => {
    // Nothing changed: nothing to send.
    if (Object.keys(body).length === 0) onDone();
    else update.mutate({ params: { id: rule.id }, body });
  };
  return (
    <form
      onSubmit={handleSubmit(save)}
      className="max-h-[70vh] space-y-3 overflow-y-auto pr-1"
      noValidate
    >
      {locked ? (
        <p
          id="r-derived-note"
          className="rounded-md border border-border bg-surface-2 p-2 text-sm text-muted"
        >
          This rule follows the model&apos;s requirements: its condition, window and name change
          with them. Here you may change its severity or switch it off.
        </p>
      ) : null}
      <NameField {...field("name")} />
      <div className="grid grid-cols-2 gap-3">
        <Field label="Kind" htmlFor="r-kind">
          <Input id="r-kind" value={kindLabels[rule.kind]} readOnly />
        </Field>
        <SeverityField {...field("severity")} />
      </div>
      {has.metric && rule.metric ? (
        <Field label="Metric" htmlFor="r-metric" hint="Fixed once the rule exists.">
          <Input id="r-metric" value={rule.metric} readOnly className="font-mono" />
        </Field>
      ) : null}
      {rule.kind === "drift" || rule.kind === "data_quality" ? (
        <ShareField kind={rule.kind} {...field("threshold")} />
      ) : (
        <div className="grid grid-cols-3 gap-3">
          {has.aggregation ? <AggregationField {...field("aggregation")} /> : null}
          {has.comparator ? <ComparatorField {...field("comparator")} /> : null}
          {has.threshold ? (
            <ThresholdField
              {...field("threshold")}
              hint={
                rule.kind === "estimated_performance" ? "empty: the model's requirement" : undefined
              }
            />
          ) : null}
        </div>
      )}
      <TimingFields window={field("windowSeconds")} pending={field("forSeconds")} />
      <EnabledField reg={register("enabled")} />
      <FormFooter
        error={errors.root?.message}
        onCancel={onDone}
        pending={update.isPending}
        submit="Save rule"
        pendingLabel="Saving…"
      />
    </form>
  );
}
