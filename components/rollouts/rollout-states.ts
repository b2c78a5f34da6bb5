import type { RolloutDto } from "@/lib/schemas/rollouts";

// How a rollout and its steps read, shared by the rollout page (a client component) and the
// lists on the deployment and target pages (server components): a plain module both can import.

export const rolloutTones = {
  running: "info",
  paused: "warn",
  succeeded: "ok",
  rolled_back: "crit",
  aborted: "neutral",
} as const;

export type StepState = "passed" | "failed" | "running" | "paused" | "waiting" | "skipped";

/** How each state reads beside a step. */
export const stepStateLabels: Record<StepState, string> = {
  passed: "passed",
  failed: "failed",
  running: "running",
  paused: "paused",
  waiting: "waiting",
  skipped: "not run",
};

type RolloutLike = Pick<RolloutDto, "state" | "stepIndex" | "steps"> & {
  verdicts: Pick<RolloutDto["verdicts"][number], "step" | "outcome">[];
};

/**
 * Where step `i` stands: judged (passed, failed), under way (running, paused), to come
 * (waiting), or never reached because the rollout ended before it (skipped).
 */
export function stepState(r: RolloutLike, i: number): StepState {
  const verdict = r.verdicts.filter((v) => v.step === i).at(-1);
  const ended = r.state !== "running" && r.state !== "paused";
  if (verdict?.outcome === "pass") return "passed";
  if (verdict?.outcome === "fail" || (ended && r.state !== "succeeded" && i === r.stepIndex))
    return "failed";
  if (i === r.stepIndex && !ended) return r.state === "paused" ? "paused" : "running";
  if (i < r.stepIndex || r.state === "succeeded") return "passed";
  return ended ? "skipped" : "waiting";
}
