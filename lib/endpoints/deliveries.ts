import { endpoint } from "@/lib/http/endpoint";
import { idParams, pageOf, slugParams } from "@/lib/schemas/common";
import { delivery, deliveryListQuery } from "@/lib/schemas/deliveries";

// Deliveries: the manifest commits of gitops targets (docs/delivery.md), read-only.

const states =
  "`pending` (waiting for its next attempt; `nextAttemptAt` says when), `committed` (`commit` is the commit on the branch) or `failed` (`error` says why; given up after MODELGATE_GITOPS_MAX_ATTEMPTS attempts, or at once when the manifest could not be rendered or the repository is refused).";

export const deliveryEndpoints = {
  forTarget: endpoint({
    method: "GET",
    path: "/api/v1/targets/{slug}/deliveries",
    tag: "Targets",
    summary: "A target's manifest commits",
    description: `Newest first. Each delivery is ${states}`,
    action: "read",
    params: slugParams,
    query: deliveryListQuery,
    response: { status: 200, description: "A page of deliveries.", schema: pageOf(delivery) },
    errors: [404],
  }),
  forDeployment: endpoint({
    method: "GET",
    path: "/api/v1/deployments/{id}/deliveries",
    tag: "Deployments",
    summary: "A deployment's manifest commits",
    description: `Its activation, canary steps and the rest, newest first. Each delivery is ${states}`,
    action: "read",
    params: idParams,
    query: deliveryListQuery,
    response: { status: 200, description: "A page of deliveries.", schema: pageOf(delivery) },
    errors: [404],
  }),
};
