import { endpoint } from "@/lib/http/endpoint";
import { slugParams } from "@/lib/schemas/common";
import {
  conceptDriftResult,
  driftConfig,
  driftHistory,
  driftQuery,
  driftResult,
  performanceResult,
  referenceSummary,
} from "@/lib/schemas/drift";
import { deploymentParams } from "@/lib/schemas/monitoring";
import { versionParams } from "@/lib/schemas/versions";

export const driftEndpoints = {
  putReference: endpoint({
    method: "PUT",
    path: "/api/v1/models/{slug}/versions/{n}/reference",
    tag: "Drift",
    summary: "Upload a version's reference data",
    description:
      'The data the version was trained or validated on, as JSON `{ rows: [ { feature: value } ], types?: { feature: "numerical" | "categorical" } }` or as `text/csv` with a header row (types then with `?types=feature:categorical,other:numerical`). Up to 100,000 rows and 1,000 columns, in a body of at most `REFERENCE_BODY_LIMIT_BYTES` (32 MiB by default). Each feature\'s type is inferred (numbers → numerical) unless given. Only a profile is stored — sorted values (a sample above 100,000), counts and moments — so drift checks never re-read the rows. Replaces an earlier upload.',
    action: "write",
    params: versionParams,
    response: { status: 200, description: "What was profiled.", schema: referenceSummary },
    errors: [400, 404, 413, 415],
  }),
  getReference: endpoint({
    method: "GET",
    path: "/api/v1/models/{slug}/versions/{n}/reference",
    tag: "Drift",
    summary: "A version's reference profile",
    action: "read",
    params: versionParams,
    response: { status: 200, description: "The profiled features.", schema: referenceSummary },
    errors: [404],
  }),
  drift: endpoint({
    method: "GET",
    path: "/api/v1/deployments/{id}/drift",
    tag: "Drift",
    summary: "Data drift of a deployment's inputs",
    description:
      "Compares the features of the predictions in the window (default: the last 24 hours, at most the newest 100,000) with the deployed version's reference profile, using Evidently's default method per feature (KS / chi-squared / Z-test up to 1,000 reference rows, normed Wasserstein / Jensen–Shannon above) unless the model's drift settings say otherwise. Each feature carries reference and current histograms over the same bins. 422 when the version has no reference data.",
    action: "read",
    params: deploymentParams,
    query: driftQuery,
    response: {
      status: 200,
      description: "The drift of each feature and of the dataset.",
      schema: driftResult,
    },
    errors: [404, 422],
  }),
  history: endpoint({
    method: "GET",
    path: "/api/v1/deployments/{id}/drift/history",
    tag: "Drift",
    summary: "Stored drift reports over time",
    description:
      "Reports written by the scheduled drift check (hourly, over the last 24 hours); default range 30 days.",
    action: "read",
    params: deploymentParams,
    query: driftQuery,
    response: {
      status: 200,
      description: "Reports, oldest first, with each feature's score.",
      schema: driftHistory,
    },
    errors: [404],
  }),
  config: endpoint({
    method: "PUT",
    path: "/api/v1/models/{slug}/drift-config",
    tag: "Drift",
    summary: "Set a model's drift method, thresholds and dataset share",
    action: "write",
    params: slugParams,
    body: driftConfig,
    response: { status: 200, description: "The settings.", schema: driftConfig },
    errors: [404],
  }),
  concept: endpoint({
    method: "GET",
    path: "/api/v1/deployments/{id}/concept-drift",
    tag: "Drift",
    summary: "Concept drift of a deployment",
    description:
      "The labelled error rate over time (default range 7 days) with the warnings and drifts of three detectors fed with the deployment's labelled outcomes as the labels arrive: DDM (warning at 2σ, drift at 3σ, after 30 outcomes), Page-Hinkley (δ 0.005, λ 50, α 0.9999) and ADWIN (δ 0.002). A detected rise raises a `concept_drift` alert and sends `concept_drift.detected`.",
    action: "read",
    params: deploymentParams,
    query: driftQuery,
    response: {
      status: 200,
      description: "Series, signals and detectors.",
      schema: conceptDriftResult,
    },
    errors: [404],
  }),
  performance: endpoint({
    method: "GET",
    path: "/api/v1/deployments/{id}/performance",
    tag: "Drift",
    summary: "Performance estimated before labels arrive",
    description:
      "Confidence-based performance estimation (as NannyML's CBPE): the version's reference (with `prediction`, `target` and `confidence` columns) calibrates the confidences with isotonic regression; each chunk of the range (default 7 days, about 48 chunks) is then estimated from its confidences alone — accuracy, and for binary models precision, recall and F1 — with a band of ±3 sampling errors, beside the realized figures from the labels that arrived. `available` is false, with a note, when the reference cannot calibrate.",
    action: "read",
    params: deploymentParams,
    query: driftQuery,
    response: {
      status: 200,
      description: "Estimated and realized, per chunk.",
      schema: performanceResult,
    },
    errors: [404],
  }),
};
