import { targetEndpoints } from "@/lib/endpoints/targets";
import { json, route } from "@/lib/http/route";
import { getTarget, updateTarget } from "@/lib/services/targets";

// GET /api/v1/targets/{slug} – one target (ETag = updatedAt)
export const GET = route(targetEndpoints.get, async ({ params }) => {
  const target = await getTarget(params.slug);
  return json(target, { headers: { ETag: `"${target.updatedAt}"` } });
});

// PATCH /api/v1/targets/{slug} – edit or archive (If-Match for concurrency)
export const PATCH = route(targetEndpoints.update, async ({ req, principal, params, body }) => {
  const target = await updateTarget(principal, params.slug, body, req.headers.get("if-match"));
  return json(target, { headers: { ETag: `"${target.updatedAt}"` } });
});
