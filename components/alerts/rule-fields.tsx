import type { UseFormRegisterReturn } from "react-hook-form";
import { Field, Input, invalidProps as invalid, Select } from "@/components/ui/input";

// The inputs the new-rule and edit-rule forms share. Each takes its react-hook-form
// registration, its error (if any) and, in the edit form of a derived rule, readOnly.

interface RuleInput {
  reg: UseFormRegisterReturn;
  error?: string;
  readOnly?: boolean;
}

/** Selects cannot be read-only; a derived rule's are disabled instead. */
const locked = (readOnly?: boolean) => (readOnly ? { disabled: true } : {});

export function NameField({ reg, error, readOnly }: RuleInput) {
  return (
    <Field label="Name" htmlFor="r-name" error={error}>
      <Input
        id="r-name"
        {...reg}
        maxLength={120}
        placeholder="Slow predictions"
        readOnly={readOnly}
        autoFocus={!readOnly}
        {...invalid("r-name", error)}
      />
    </Field>
  );
}

export function SeverityField({ reg, error }: RuleInput) {
  return (
    <Field label="Severity" htmlFor="r-severity" error={error}>
      <Select id="r-severity" {...reg} {...invalid("r-severity", error)}>
        <option value="info">Info</option>
        <option value="warning">Warning</option>
        <option value="critical">Critical</option>
      </Select>
    </Field>
  );
}

export function AggregationField({ reg, error, readOnly }: RuleInput) {
  return (
    <Field label="Aggregation" htmlFor="r-agg" error={error}>
      <Select id="r-agg" {...reg} {...locked(readOnly)} {...invalid("r-agg", error)}>
        <option value="avg">avg</option>
        <option value="p95">p95</option>
        <option value="max">max</option>
        <option value="min">min</option>
        <option value="sum">sum</option>
        <option value="rate">rate (per s)</option>
      </Select>
    </Field>
  );
}

export function ComparatorField({ reg, error, readOnly }: RuleInput) {
  return (
    <Field label="Comparator" htmlFor="r-cmp" error={error}>
      <Select id="r-cmp" {...reg} {...locked(readOnly)} {...invalid("r-cmp", error)}>
        <option value=">">&gt; above</option>
        <option value=">=">≥ at least</option>
        <option value="<">&lt; below</option>
        <option value="<=">≤ at most</option>
      </Select>
    </Field>
  );
}

/** A plain threshold; `hint` says what blank means where blank is allowed. */
export function ThresholdField({ reg, error, readOnly, hint }: RuleInput & { hint?: string }) {
  return (
    <Field label="Threshold" htmlFor="r-threshold" error={error} hint={hint}>
      <Input
        id="r-threshold"
        {...reg}
        type="number"
        step="any"
        inputMode="decimal"
        readOnly={readOnly}
        {...invalid("r-threshold", error)}
      />
    </Field>
  );
}

const shareLabels = {
  drift: {
    label: "Minimum drifted share",
    hint: "Fires when the newest drift report says drifted, with at least this share of features (0–1).",
  },
  data_quality: {
    label: "Threshold share",
    hint: "Fires when a feature's share of missing, wrong-type, out-of-range or unseen values in the newest drift check is above this",
  },
};

/** The threshold of a drift or data-quality rule: a share of features, 0 to 1. */
export function ShareField({
  kind,
  reg,
  error,
  readOnly,
}: RuleInput & { kind: keyof typeof shareLabels }) {
  const { label, hint } = shareLabels[kind];
  return (
    <Field label={label} htmlFor="r-threshold" error={error} hint={hint}>
      <Input
        id="r-threshold"
        {...reg}
        type="number"
        min={0}
        max={1}
        step={kind === "drift" ? 0.05 : 0.01}
        inputMode="decimal"
        readOnly={readOnly}
        className="w-32"
        {...invalid("r-threshold", error)}
      />
    </Field>
  );
}

/** What each check looks back over, and how long the condition must hold; both in minutes. */
export function TimingFields({ window, pending }: { window: RuleInput; pending: RuleInput }) {
  return (
    <div className="grid grid-cols-2 gap-3">
      <Field
        label="Window (minutes)"
        htmlFor="r-window"
        error={window.error}
        hint="What each check looks back over."
      >
        <Input
          id="r-window"
          {...window.reg}
          type="number"
          min={0.5}
          max={10_080}
          step="any"
          readOnly={window.readOnly}
          {...invalid("r-window", window.error)}
        />
      </Field>
      <Field
        label="Pending for (minutes)"
        htmlFor="r-for"
        error={pending.error}
        hint="How long it must hold before firing; 0 fires at once."
      >
        <Input
          id="r-for"
          {...pending.reg}
          type="number"
          min={0}
          max={1440}
          step="any"
          readOnly={pending.readOnly}
          {...invalid("r-for", pending.error)}
        />
      </Field>
    </div>
  );
}

export function EnabledField({ reg }: { reg: UseFormRegisterReturn }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" {...reg} className="accent-[var(--accent)]" /> Enabled
    </label>
  );
}
