import { endpoint } from "@/lib/http/endpoint";
import { pageOf } from "@/lib/schemas/common";
import {
  accepted,
  comparisonQuery,
  endpointInfo,
  endpointParams,
  endpointPredictionParams,
  labelUpdate,
  metricBatch,
  prediction,
  predictionBatch,
  predictionQuery,
  predictionSummary,
  releaseComparison,
  series,
  seriesQuery,
  summaryQuery,
} from "@/lib/schemas/monitoring";
import { ingestNote } from "./monitoring";

// Endpoints: one model on one target, whatever version runs there. A model server pushes to its
// endpoint and needs no change when a promotion or a rollback replaces the version behind it.

const base = "/api/v1/models/{slug}/targets/{target}";
const placement =
  "Each record belongs to the version running on the endpoint at its `ts` (default: now), or to the `version` it names. While two versions run (a canary), a record without `version` is refused.";

export const endpointEndpoints = {
  get: endpoint({
    method: "GET",
    path: base,
    tag: "Endpoints",
    summary: "An endpoint: what runs there and every release",
    action: "read",
    params: endpointParams,
    response: { status: 200, description: "The endpoint.", schema: endpointInfo },
    errors: [404],
  }),
  pushMetrics: endpoint({
    method: "POST",
    path: `${base}/metrics`,
    tag: "Endpoints",
    summary: "Push metric points to an endpoint",
    description: `Up to 10,000 points \`{ name, value, ts?, version? }\`. ${placement} ${ingestNote}`,
    action: "ingest",
    params: endpointParams,
    body: metricBatch,
    response: { status: 202, description: "How many points were new.", schema: accepted },
    errors: [403, 404, 409, 413, 422, 429],
  }),
  readMetrics: endpoint({
    method: "GET",
    path: `${base}/metrics`,
    tag: "Endpoints",
    summary: "A metric of the endpoint across releases",
    description: "As `GET /api/v1/deployments/{id}/metrics`, over every release on the endpoint.",
    action: "read",
    params: endpointParams,
    query: seriesQuery.omit({ across: true }),
    response: { status: 200, description: "The series.", schema: series },
    errors: [404],
  }),
  pushPredictions: endpoint({
    method: "POST",
    path: `${base}/predictions`,
    tag: "Endpoints",
    summary: "Push predictions to an endpoint",
    description: `Up to 10,000 records, as for a deployment, each with an optional \`version\`. ${placement} ${ingestNote}`,
    action: "ingest",
    params: endpointParams,
    body: predictionBatch,
    response: { status: 202, description: "How many records were new.", schema: accepted },
    errors: [403, 404, 409, 413, 422, 429],
  }),
  listPredictions: endpoint({
    method: "GET",
    path: `${base}/predictions`,
    tag: "Endpoints",
    summary: "The endpoint's inference log across releases",
    description: "Newest first; each record says its `version`.",
    action: "read",
    params: endpointParams,
    query: predictionQuery.omit({ across: true }),
    response: { status: 200, description: "A page of predictions.", schema: pageOf(prediction) },
    errors: [404],
  }),
  labelPrediction: endpoint({
    method: "PATCH",
    path: `${base}/predictions/{predictionId}`,
    tag: "Endpoints",
    summary: "Add the ground truth of a prediction made on the endpoint",
    description: "Whichever release made it.",
    action: "ingest",
    params: endpointPredictionParams,
    body: labelUpdate,
    response: { status: 200, description: "The prediction with its label.", schema: prediction },
    errors: [403, 404, 429],
  }),
  summary: endpoint({
    method: "GET",
    path: `${base}/predictions/summary`,
    tag: "Endpoints",
    summary: "Series derived from the endpoint's predictions across releases",
    action: "read",
    params: endpointParams,
    query: summaryQuery.omit({ across: true }),
    response: { status: 200, description: "The derived series.", schema: predictionSummary },
    errors: [404],
  }),
  comparison: endpoint({
    method: "GET",
    path: `${base}/comparison`,
    tag: "Endpoints",
    summary: "Before and after a release",
    description:
      "Requests, latency p95, error rate and accuracy on the endpoint for `days` (default 7) before the release and after it (up to now).",
    action: "read",
    params: endpointParams,
    query: comparisonQuery,
    response: { status: 200, description: "The two windows.", schema: releaseComparison },
    errors: [404],
  }),
};
