import "@/lib/schemas/zod-config";
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";

// OpenTelemetry OTLP/HTTP ingestion. No `body` schema: the route reads the raw body itself,
// since it may be protobuf and gzip-encoded (see lib/services/otlp.ts).

export const otlpEndpoints = {
  exportMetrics: endpoint({
    method: "POST",
    path: "/api/v1/otlp/v1/metrics",
    tag: "Monitoring",
    summary: "Receive OpenTelemetry metrics (OTLP/HTTP)",
    description: [
      "Point an OpenTelemetry SDK or Collector OTLP/HTTP metrics exporter here (`OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`), with `Authorization: Bearer <token>` (a token with the `ingest` scope).",
      "",
      '**Request:** an OTLP `ExportMetricsServiceRequest`, as `Content-Type: application/json` (OTLP/JSON: 64-bit integers as strings or numbers) or `application/x-protobuf`; `Content-Encoding: gzip` is accepted. Each `ResourceMetrics` names its endpoint with the resource attributes `modelgate.model` (the model\'s slug) and `modelgate.target` (the target\'s slug), so a model server needs no change when a release replaces the version behind it: each point belongs to the version running there at its time, or to the one `service.version` names (`"3"` or `"v3"`; required while two versions run, as in a canary). A resource may instead name one deployment with `modelgate.deployment.id`.',
      "",
      "**Mapping:** a Gauge or Sum data point becomes one point `{ name: metric.name, ts: timeUnixNano, value: asDouble ?? asInt }` (a cumulative Sum is stored as its running total; a missing or zero time means the arrival time). A Histogram data point becomes `<name>.count`, `<name>.sum`, `<name>` (the mean, when count > 0) and `<name>.p50`, `<name>.p95`, `<name>.p99`, estimated by linear interpolation inside the explicit buckets (narrowed to min/max when sent). ExponentialHistogram and Summary metrics are ignored. Data point attributes are ignored: points of one metric with several attribute sets at the same time collide on (deployment, name, time) and only the first is kept. Metric names must match `^[A-Za-z_][A-Za-z0-9_.:/-]*$` (at most 120 characters with the suffix), e.g. `http.server.duration`.",
      "",
      "**All or nothing:** a missing or unknown deployment, an invalid name, a non-finite value or a time more than a day ahead (or older than the retention) refuses the whole request with 400 problem+json listing every problem by path (e.g. `resourceMetrics.0.scopeMetrics.1.metrics.2.gauge.dataPoints.0.asDouble`); nothing is stored. Malformed JSON, protobuf or gzip is a 400 too. Points already stored are skipped, so exporter retries are safe. At most 100,000 points per request. Rate limited per token (429 with `Retry-After`).",
      "",
      "**Response:** 200 with an `ExportMetricsServiceResponse`: `{}` for JSON, an empty `application/x-protobuf` body for protobuf.",
    ].join("\n"),
    action: "ingest",
    response: {
      status: 200,
      description:
        "An empty ExportMetricsServiceResponse (everything accepted): `{}` in JSON, an empty body in protobuf.",
      schema: z.object({}).meta({ id: "ExportMetricsServiceResponse" }),
      alternatives: ["application/x-protobuf"],
    },
    errors: [400, 413, 415, 429],
  }),
};
