import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { pageOf, slugParams } from "@/lib/schemas/common";
import { deployment, historyAt } from "@/lib/schemas/promotions";
import {
  historyQuery,
  target,
  targetCreate,
  targetListQuery,
  targetUpdate,
} from "@/lib/schemas/targets";

export const targetEndpoints = {
  list: endpoint({
    method: "GET",
    path: "/api/v1/targets",
    tag: "Targets",
    summary: "List deployment targets",
    description: "Each with what runs on it now. Archived targets only with `archived=true`.",
    action: "read",
    query: targetListQuery,
    response: {
      status: 200,
      description: "The targets.",
      schema: z.object({ items: z.array(target) }),
    },
  }),
  create: endpoint({
    method: "POST",
    path: "/api/v1/targets",
    tag: "Targets",
    summary: "Create a deployment target",
    description:
      'Admins only: a target sets the approval policy. `requiredApprovals` defaults to 1 for production and 0 for staging; production cannot be set below 1. Endpoints are unique across targets. `delivery` is `{ "kind": "record" }` (the default: deployments are only recorded) or `{ "kind": "gitops", "repoUrl", "branch", "path", "format", "namespace", "credentialsEnv" }`: every deployment change commits a manifest to that repository (docs/delivery.md). `file://` and local repositories are refused unless the server sets MODELGATE_GITOPS_ALLOW_LOCAL.',
    action: "admin",
    body: targetCreate,
    response: { status: 201, description: "The new target.", schema: target },
    errors: [409],
  }),
  get: endpoint({
    method: "GET",
    path: "/api/v1/targets/{slug}",
    tag: "Targets",
    summary: "Read a deployment target",
    action: "read",
    params: slugParams,
    response: {
      status: 200,
      description: "The target with what runs on it now. `ETag` is its `updatedAt`.",
      schema: target,
    },
    errors: [404],
  }),
  update: endpoint({
    method: "PATCH",
    path: "/api/v1/targets/{slug}",
    tag: "Targets",
    summary: "Edit or archive a deployment target",
    description:
      "Send `If-Match` with the `ETag` you read to refuse a stale edit (409). Changing `environment`, `requiredApprovals`, `complianceTags`, `endpoint` or `delivery` is for admins only (403 otherwise), and the environment cannot change while deployments run there (409). Pending promotion requests keep the approval count and environment they were made with. A target with active deployments cannot be archived; archiving cancels its pending requests.",
    action: "write",
    params: slugParams,
    body: targetUpdate,
    response: { status: 200, description: "The target after the edit.", schema: target },
    errors: [403, 404, 409],
  }),
  history: endpoint({
    method: "GET",
    path: "/api/v1/targets/{slug}/history",
    tag: "Targets",
    summary: "What ran on a target, and when",
    description:
      "Without `at`: the target's deployments, newest activation first (a page). With `at`: `{ at, deployment, deployments }`, what was active at that moment.",
    action: "read",
    params: slugParams,
    query: historyQuery,
    response: {
      status: 200,
      description: "A page of deployments, or what was active at `at`.",
      schema: z.union([pageOf(deployment), historyAt]),
    },
    errors: [404],
  }),
};
