import { endpoint } from "@/lib/http/endpoint";
import { idParams, slugParams } from "@/lib/schemas/common";
import {
  retrainingDismiss,
  retrainingList,
  retrainingListQuery,
  retrainingPolicy,
  retrainingPolicyResponse,
  retrainingRequest,
} from "@/lib/schemas/retraining";

// The retraining loop: a model's policy, the requests it opened, and dismissing one. A request
// is closed by registering a version with `retrainingRequestId`.

export const retrainingEndpoints = {
  getPolicy: endpoint({
    method: "GET",
    path: "/api/v1/models/{slug}/retraining-policy",
    tag: "Retraining",
    summary: "A model's retraining policy",
    action: "read",
    params: slugParams,
    response: {
      status: 200,
      description: "The policy (null: none).",
      schema: retrainingPolicyResponse,
    },
    errors: [404],
  }),
  setPolicy: endpoint({
    method: "PUT",
    path: "/api/v1/models/{slug}/retraining-policy",
    tag: "Retraining",
    summary: "Set a model's retraining policy",
    description:
      "Which monitoring signals open a retraining request — `dataset_drift` (a drift check found the dataset drifted), `concept_drift` (a detector saw the labelled error rate rise), `estimated_performance` and `realized_performance` (an estimated-performance alert, or an accuracy requirement alert, fired), `data_quality` (a data quality alert fired) — and the cooldown between requests. A request opens with its evidence and sends `retraining.requested`; while one is open, further signals add evidence to it. Audited.",
    action: "write",
    params: slugParams,
    body: retrainingPolicy,
    response: { status: 200, description: "The policy.", schema: retrainingPolicyResponse },
    errors: [404],
  }),
  list: endpoint({
    method: "GET",
    path: "/api/v1/models/{slug}/retraining",
    tag: "Retraining",
    summary: "A model's retraining requests",
    action: "read",
    params: slugParams,
    query: retrainingListQuery,
    response: { status: 200, description: "Newest first.", schema: retrainingList },
    errors: [404],
  }),
  get: endpoint({
    method: "GET",
    path: "/api/v1/retraining/{id}",
    tag: "Retraining",
    summary: "Read a retraining request",
    action: "read",
    params: idParams,
    response: {
      status: 200,
      description: "The request and its evidence.",
      schema: retrainingRequest,
    },
    errors: [404],
  }),
  dismiss: endpoint({
    method: "POST",
    path: "/api/v1/retraining/{id}/dismiss",
    tag: "Retraining",
    summary: "Dismiss an open retraining request",
    description: "With the reason, audited; 409 when it is not open.",
    action: "write",
    params: idParams,
    body: retrainingDismiss,
    response: { status: 200, description: "The request afterwards.", schema: retrainingRequest },
    errors: [404, 409],
  }),
};
