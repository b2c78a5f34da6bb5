import { endpoint } from "@/lib/http/endpoint";
import { idParams, pageOf } from "@/lib/schemas/common";
import {
  type RolloutAction,
  rollout,
  rolloutActionBody,
  rolloutListQuery,
} from "@/lib/schemas/rollouts";

// Canary rollouts: reading them, and the four things an approver may do to one.

const steer = (action: RolloutAction, summary: string, description: string) =>
  endpoint({
    method: "POST",
    path: `/api/v1/rollouts/{id}/${action}`,
    tag: "Rollouts",
    summary,
    description: `${description} Approvers on production targets, editors on staging (403 otherwise); 409 when the rollout is not in a state that allows it. Audited.`,
    action: "promote",
    params: idParams,
    body: rolloutActionBody,
    response: { status: 200, description: "The rollout afterwards.", schema: rollout },
    errors: [404, 409],
  });

export const rolloutEndpoints = {
  list: endpoint({
    method: "GET",
    path: "/api/v1/rollouts",
    tag: "Rollouts",
    summary: "List rollouts",
    description:
      "Newest first; filter by model, target, state, or a deployment (as canary or stable).",
    action: "read",
    query: rolloutListQuery,
    response: { status: 200, description: "A page of rollouts.", schema: pageOf(rollout) },
  }),
  get: endpoint({
    method: "GET",
    path: "/api/v1/rollouts/{id}",
    tag: "Rollouts",
    summary: "Read a rollout",
    description:
      "Its steps, where it stands, and every step's verdict with the figures behind it: samples, medians, p95s, rates and p-values of the canary and the stable deployment.",
    action: "read",
    params: idParams,
    response: { status: 200, description: "The rollout.", schema: rollout },
    errors: [404],
  }),
  pause: steer(
    "pause",
    "Pause a rollout",
    "The current step stops counting down; the canary keeps its share of traffic.",
  ),
  resume: steer(
    "resume",
    "Resume a paused rollout",
    "The step continues with the time it had left.",
  ),
  abort: steer(
    "abort",
    "Abort a rollout (roll the canary back)",
    "The canary is rolled back, the stable deployment takes all traffic again and its manifest is committed.",
  ),
  promote: steer(
    "promote",
    "Promote the canary at once",
    "The canary becomes the stable deployment at 100 % without waiting for the remaining steps.",
  ),
};
