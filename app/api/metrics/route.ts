import { systemEndpoints } from "@/lib/endpoints/system";
import { env } from "@/lib/env";
import { unauthorized } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { bearerMatches } from "@/lib/http/shared-secret";
import { metrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

// GET /api/metrics – Prometheus text format; only with `Bearer <METRICS_TOKEN>` when that is set
export const GET = route(systemEndpoints.metrics, async ({ req }) => {
  const token = env().METRICS_TOKEN;
  if (token && !bearerMatches(req.headers.get("authorization"), token)) {
    throw unauthorized("Send `Authorization: Bearer <METRICS_TOKEN>`.");
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType },
  });
});
