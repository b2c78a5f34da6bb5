import { otlpEndpoints } from "@/lib/endpoints/otlp";
import { env } from "@/lib/env";
import { decodeContentEncoding } from "@/lib/http/content-encoding";
import { json, readRawBody, route } from "@/lib/http/route";
import {
  encodeOtlpSuccess,
  exportOtlpMetrics,
  otlpFormat,
  parseOtlpBody,
} from "@/lib/services/otlp";

// POST /api/v1/otlp/v1/metrics – OpenTelemetry OTLP/HTTP metrics (JSON or protobuf, gzip or not)
export const POST = route(otlpEndpoints.exportMetrics, async ({ req, principal }) => {
  const format = otlpFormat(req.headers.get("content-type"));
  const limit = env().INGEST_BODY_LIMIT_BYTES;
  const raw = await readRawBody(req, limit);
  const request = await parseOtlpBody(
    await decodeContentEncoding(raw, req.headers.get("content-encoding"), limit),
    format,
  );
  await exportOtlpMetrics(request, principal);
  if (format === "json") return json({});
  return new Response(Buffer.from(encodeOtlpSuccess()), {
    status: 200,
    headers: { "Content-Type": "application/x-protobuf" },
  });
});
