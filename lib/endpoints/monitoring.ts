import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { pageOf } from "@/lib/schemas/common";
import {
  accepted,
  deploymentParams,
  labelUpdate,
  metricBatch,
  prediction,
  predictionBatch,
  predictionParams,
  predictionQuery,
  predictionSummary,
  rangeQuery,
  series,
  seriesQuery,
  summaryQuery,
} from "@/lib/schemas/monitoring";

export const ingestNote =
  "All or nothing: any invalid entry refuses the whole batch (400, every problem listed) and nothing is stored. Send `Idempotency-Key` to make retries safe: the same key and body return the first response; while another request with the key is still being processed, 409 with `Retry-After` (send it again). Rate limited per token (429 with `Retry-After`).";

export const monitoringEndpoints = {
  pushMetrics: endpoint({
    method: "POST",
    path: "/api/v1/deployments/{id}/metrics",
    tag: "Monitoring",
    summary: "Push metric points",
    description: `Up to 10,000 points \`{ name, value, ts? }\`. Points already stored for the same deployment, name and time are skipped (counted as duplicates). Times more than a day ahead, or older than the retention, are refused. ${ingestNote}`,
    action: "ingest",
    params: deploymentParams,
    body: metricBatch,
    response: { status: 202, description: "How many points were new.", schema: accepted },
    errors: [404, 409, 413, 422, 429],
  }),
  readMetrics: endpoint({
    method: "GET",
    path: "/api/v1/deployments/{id}/metrics",
    tag: "Monitoring",
    summary: "Read a metric as downsampled buckets",
    description:
      "At most `buckets` (≤ 2000) buckets with count, avg, min, max, p50, p95 and p99. Ranges up to a day are answered from raw points (exact); up to 8 days from per-minute rollups; longer from per-hour rollups, whose percentiles are within 1 % (a mergeable sketch). Rollups trail the raw points by up to the rollup job's interval.",
    action: "read",
    params: deploymentParams,
    query: seriesQuery,
    response: { status: 200, description: "The series.", schema: series },
    errors: [404],
  }),
  pushPredictions: endpoint({
    method: "POST",
    path: "/api/v1/deployments/{id}/predictions",
    tag: "Monitoring",
    summary: "Push predictions (the inference log)",
    description: `Up to 10,000 records \`{ id?, ts?, features, prediction, confidence?, latencyMs?, label?, error? }\`. A record whose id is already stored is skipped. Latency, confidence and errors also feed the series \`prediction.latency_ms\`, \`prediction.confidence\` and \`prediction.error\`. ${ingestNote}`,
    action: "ingest",
    params: deploymentParams,
    body: predictionBatch,
    response: { status: 202, description: "How many records were new.", schema: accepted },
    errors: [404, 409, 413, 422, 429],
  }),
  listPredictions: endpoint({
    method: "GET",
    path: "/api/v1/deployments/{id}/predictions",
    tag: "Monitoring",
    summary: "The inference log",
    description:
      "Newest first; filter by time, confidence range, whether a label or an error is present, and the predicted value.",
    action: "read",
    params: deploymentParams,
    query: predictionQuery,
    response: { status: 200, description: "A page of predictions.", schema: pageOf(prediction) },
    errors: [404],
  }),
  getPrediction: endpoint({
    method: "GET",
    path: "/api/v1/deployments/{id}/predictions/{predictionId}",
    tag: "Monitoring",
    summary: "One prediction",
    action: "read",
    params: predictionParams,
    response: { status: 200, description: "The prediction.", schema: prediction },
    errors: [404],
  }),
  labelPrediction: endpoint({
    method: "PATCH",
    path: "/api/v1/deployments/{id}/predictions/{predictionId}",
    tag: "Monitoring",
    summary: "Add the ground truth of a prediction",
    description: "For labels that arrive after the prediction; accuracy series use them.",
    action: "ingest",
    params: predictionParams,
    body: labelUpdate,
    response: { status: 200, description: "The prediction with its label.", schema: prediction },
    errors: [404, 429],
  }),
  summary: endpoint({
    method: "GET",
    path: "/api/v1/deployments/{id}/predictions/summary",
    tag: "Monitoring",
    summary: "Series derived from predictions",
    description:
      "Per bucket: throughput, error rate, latency p50/p95/p99 and accuracy where labels arrived; and the confidence histogram over the range.",
    action: "read",
    params: deploymentParams,
    query: summaryQuery,
    response: { status: 200, description: "The derived series.", schema: predictionSummary },
    errors: [404],
  }),
  fleet: endpoint({
    method: "GET",
    path: "/api/v1/fleet",
    tag: "Monitoring",
    summary: "Every active deployment at a glance",
    description:
      "Sparklines of p95 latency and error rate (default: the last 7 days) and a health state against each model's requirements.",
    action: "read",
    query: rangeQuery,
    response: {
      status: 200,
      description: "The fleet.",
      schema: z.object({
        from: z.string(),
        to: z.string(),
        bucketSeconds: z.number(),
        items: z.array(z.record(z.string(), z.unknown())),
      }),
    },
  }),
};
