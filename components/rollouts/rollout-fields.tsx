"use client";

import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export interface StepDraft {
  percent: string;
  minutes: string;
}

export type RolloutDraft = { strategy: "all_at_once" } | { strategy: "canary"; steps: StepDraft[] };

export const DEFAULT_STEPS: StepDraft[] = [
  { percent: "10", minutes: "30" },
  { percent: "50", minutes: "30" },
];

/** The request body's `rollout` from the form's draft (the API words every refusal). */
export function rolloutBody(draft: RolloutDraft) {
  if (draft.strategy === "all_at_once") return undefined;
  return {
    strategy: "canary" as const,
    steps: draft.steps.map((s) => ({ percent: Number(s.percent), minutes: Number(s.minutes) })),
  };
}

/**
 * How the approved version goes live: all at once, or canary steps (share of traffic and how
 * long) each analysed against the running version before the next. Field errors come from the
 * API keyed `rollout.steps.<i>.<field>`.
 */
export function RolloutFields({
  draft,
  onChange,
  errors,
  hasStable,
}: {
  draft: RolloutDraft;
  onChange: (d: RolloutDraft) => void;
  errors: Record<string, string | undefined>;
  /** Whether a version runs on the chosen target now (a canary needs one to compare with). */
  hasStable: boolean;
}) {
  const steps = draft.strategy === "canary" ? draft.steps : DEFAULT_STEPS;
  const setStep = (i: number, patch: Partial<StepDraft>) =>
    onChange({
      strategy: "canary",
      steps: steps.map((s, j) => (j === i ? { ...s, ...patch } : s)),
    });
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-medium text-fg">Rollout</legend>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="rollout-strategy"
            checked={draft.strategy === "all_at_once"}
            onChange={() => onChange({ strategy: "all_at_once" })}
          />
          All at once
        </label>
        <label
          className={hasStable ? "flex items-center gap-2" : "flex items-center gap-2 text-muted"}
        >
          <input
            type="radio"
            name="rollout-strategy"
            checked={draft.strategy === "canary"}
            disabled={!hasStable}
            onChange={() => onChange({ strategy: "canary", steps })}
          />
          Canary
        </label>
      </div>
      {!hasStable ? (
        <p className="text-xs text-muted">
          A canary needs a version already running on the target to compare with.
        </p>
      ) : null}
      {draft.strategy === "canary" ? (
        <div className="space-y-2 rounded-md border border-border p-3">
          <p className="text-xs text-muted">
            After the approvals the new version gets each step&apos;s share of traffic. At the end
            of a step its latency, errors and accuracy are compared with the running version; a
            worse canary is rolled back by itself.
          </p>
          <ol className="space-y-1.5">
            {steps.map((s, i) => (
              <li key={i} className="flex flex-wrap items-center gap-2 text-sm">
                <span className="w-12 text-xs text-muted">Step {i + 1}</span>
                <Input
                  aria-label={`Step ${i + 1} traffic percent`}
                  inputMode="numeric"
                  className="w-16"
                  value={s.percent}
                  onChange={(e) => setStep(i, { percent: e.target.value })}
                />
                <span className="text-xs text-muted">% for</span>
                <Input
                  aria-label={`Step ${i + 1} minutes`}
                  inputMode="decimal"
                  className="w-16"
                  value={s.minutes}
                  onChange={(e) => setStep(i, { minutes: e.target.value })}
                />
                <span className="text-xs text-muted">min</span>
                {steps.length > 1 ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Remove step ${i + 1}`}
                    onClick={() =>
                      onChange({ strategy: "canary", steps: steps.filter((_, j) => j !== i) })
                    }
                  >
                    <X className="h-3.5 w-3.5" aria-hidden />
                  </Button>
                ) : null}
                {[
                  errors[`rollout.steps.${i}.percent`],
                  errors[`rollout.steps.${i}.minutes`],
                  errors[`rollout.steps.${i}`],
                ]
                  .filter(Boolean)
                  .map((m) => (
                    <span key={m} role="alert" className="basis-full pl-14 text-xs text-crit">
                      {m}
                    </span>
                  ))}
              </li>
            ))}
          </ol>
          {errors["rollout.steps"] ? (
            <p role="alert" className="text-xs text-crit">
              {errors["rollout.steps"]}
            </p>
          ) : null}
          {steps.length < 10 ? (
            <Button
              variant="secondary"
              size="sm"
              onClick={() =>
                onChange({
                  strategy: "canary",
                  steps: [...steps, { percent: "", minutes: steps.at(-1)?.minutes ?? "30" }],
                })
              }
            >
              <Plus className="h-3.5 w-3.5" aria-hidden /> Add step
            </Button>
          ) : null}
          <p className="text-xs text-muted">
            After the last step passes, the new version takes 100 % and replaces the running one.
          </p>
        </div>
      ) : null}
    </fieldset>
  );
}
