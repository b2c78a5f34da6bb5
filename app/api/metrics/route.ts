import { systemEndpoints } from "@/lib/endpoints/system";
import { route } from "@/lib/http/route";
import { metrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

// GET /api/metrics – Prometheus text format
export const GET = route(systemEndpoints.metrics, async () => {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType } });
});
