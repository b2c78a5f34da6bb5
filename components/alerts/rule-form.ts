import { z } from "zod";
import { type FormInputs, numeric, text } from "@/lib/client/form";
import { type RuleCreate, ruleUpdate, type RuleUpdate } from "@/lib/schemas/alerts";
import type { RuleDto } from "./rules-format";

// What the new-rule and edit-rule forms share that is not React: minutes in the form and
// seconds in the API, each kind's defaults, and the edit form's schema, which reads the inputs
// with the API's ruleUpdate and sends only what changed.

export type CreatableKind = RuleCreate["kind"];

/** Minutes in the form, seconds in the API; blank is left out so the API's default applies. */
export const minutes = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : Math.round(Number(v) * 60)), schema);

/** Seconds from the API as the minutes a form shows. */
const asMinutes = (seconds: number) => String(Number((seconds / 60).toPrecision(12)));

/** The API's bounds in seconds read badly next to a field in minutes. */
export const friendly: Partial<Record<string, string>> = {
  windowSeconds: "must be between half a minute and 7 days",
  forSeconds: "must be between 0 and 1440 minutes (a day)",
};

/** Each kind's window (minutes) and threshold when picked in the new-rule form. */
export const kindDefaults: Record<CreatableKind, { window: string; threshold: string }> = {
  metric: { window: "5", threshold: "" },
  no_data: { window: "10", threshold: "" },
  drift: { window: "60", threshold: "0.5" },
  // Blank: the model's requirement (its quality bar) is the threshold.
  estimated_performance: { window: "1440", threshold: "" },
  data_quality: { window: "120", threshold: "0.05" },
};

/** Kinds whose threshold is a share of features, 0 to 1. */
const shareKinds: readonly string[] = ["drift", "data_quality"];

/** Which inputs a rule of this kind has (the metric itself is never edited). */
export function kindFields(kind: string) {
  return {
    metric: kind !== "drift" && kind !== "data_quality" && kind !== "rollout",
    aggregation: kind === "metric" || kind === "requirement",
    comparator: kind === "metric" || kind === "requirement" || kind === "estimated_performance",
    threshold: kind !== "no_data" && kind !== "rollout" && kind !== "concept_drift",
  };
}

export type EditValues = FormInputs<Required<RuleUpdate>>;

/** A rule as the edit form's inputs. */
export function editValues(rule: RuleDto): EditValues {
  return {
    name: rule.name,
    aggregation: rule.aggregation,
    comparator: rule.comparator,
    threshold: rule.threshold === null ? "" : String(rule.threshold),
    windowSeconds: asMinutes(rule.windowSeconds),
    forSeconds: asMinutes(rule.forSeconds),
    severity: rule.severity,
    enabled: rule.enabled,
  };
}

const { shape } = ruleUpdate;
const inputs = z.object({
  ...shape,
  name: text(shape.name, true),
  threshold: numeric(shape.threshold, true),
  windowSeconds: minutes(shape.windowSeconds),
  forSeconds: minutes(shape.forSeconds),
});

/** Fields a derived rule may change: the rest follow the model's requirements. */
const derivedEditable = new Set(["enabled", "severity"]);

/**
 * The edit form's schema for one rule: the inputs checked with ruleUpdate's fields, then only
 * the fields that differ from the rule (and that its kind has) as the PATCH body. A threshold
 * cannot be cleared through the API, so blanking one that is set is refused here.
 */
export function editRuleForm(rule: RuleDto) {
  const has = kindFields(rule.kind);
  return inputs
    .superRefine((v, ctx) => {
      if (!has.threshold || rule.derived) return;
      if (v.threshold === undefined && rule.threshold !== null)
        ctx.addIssue({
          code: "custom",
          path: ["threshold"],
          message:
            rule.kind === "estimated_performance"
              ? "cannot be cleared once set; delete the rule and create it again to follow the model's requirement"
              : "is required",
        });
      if (shareKinds.includes(rule.kind) && v.threshold !== undefined)
        if (!(v.threshold >= 0 && v.threshold <= 1))
          ctx.addIssue({ code: "custom", path: ["threshold"], message: "a share, 0 to 1" });
    })
    .transform((v) => {
      const changes: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(v)) {
        if (value === undefined || value === rule[key as keyof RuleDto]) continue;
        if (
          (key === "aggregation" && !has.aggregation) ||
          (key === "comparator" && !has.comparator)
        )
          continue;
        if (key === "threshold" && !has.threshold) continue;
        if (rule.derived && !derivedEditable.has(key)) continue;
        changes[key] = value;
      }
      return changes as RuleUpdate;
    }) as unknown as z.ZodType<RuleUpdate, EditValues>;
}
