import { describe, expect, it } from "vitest";
import { stepState } from "./rollout-states";

// Where each step of a rollout stands, as the timeline and the lists draw it.

const steps = [
  { percent: 10, seconds: 60 },
  { percent: 50, seconds: 60 },
];
const states = (r: Parameters<typeof stepState>[0]) => r.steps.map((_, i) => stepState(r, i));

describe("stepState", () => {
  it("a running rollout: judged steps passed, the current one running, the rest waiting", () => {
    expect(states({ state: "running", stepIndex: 0, steps, verdicts: [] })).toEqual([
      "running",
      "waiting",
    ]);
    expect(
      states({ state: "paused", stepIndex: 1, steps, verdicts: [{ step: 0, outcome: "pass" }] }),
    ).toEqual(["passed", "paused"]);
  });

  it("an inconclusive verdict leaves the step running until it is judged again", () => {
    expect(
      states({
        state: "running",
        stepIndex: 0,
        steps,
        verdicts: [{ step: 0, outcome: "inconclusive" }],
      }),
    ).toEqual(["running", "waiting"]);
  });

  it("rolled back or aborted: the step it stopped at failed, the steps after it never ran", () => {
    expect(
      states({
        state: "rolled_back",
        stepIndex: 0,
        steps,
        verdicts: [{ step: 0, outcome: "fail" }],
      }),
    ).toEqual(["failed", "skipped"]);
    expect(
      states({ state: "aborted", stepIndex: 1, steps, verdicts: [{ step: 0, outcome: "pass" }] }),
    ).toEqual(["passed", "failed"]);
  });

  it("promoted at once: every step counts as passed", () => {
    expect(states({ state: "succeeded", stepIndex: 0, steps, verdicts: [] })).toEqual([
      "passed",
      "passed",
    ]);
  });
});
