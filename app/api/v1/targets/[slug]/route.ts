import { z } from "zod";
import { targetEndpoints } from "@/lib/endpoints/targets";
import { env } from "@/lib/env";
import { json, route } from "@/lib/http/route";
import { targetBodiesFor } from "@/lib/schemas/targets";
import { getTarget, updateTarget } from "@/lib/services/targets";

// GET /api/v1/targets/{slug} – one target (ETag = updatedAt)
export const GET = route(targetEndpoints.get, async ({ params }) => {
  const target = await getTarget(params.slug);
  return json(target, { headers: { ETag: `"${target.updatedAt}"` } });
});

// Parsed under the server's MODELGATE_GITOPS_ALLOW_LOCAL, as POST /api/v1/targets is.
const update = {
  ...targetEndpoints.update,
  body: z.lazy(() => targetBodiesFor({ allowLocal: env().MODELGATE_GITOPS_ALLOW_LOCAL }).update),
};

// PATCH /api/v1/targets/{slug} – edit or archive (If-Match for concurrency)
export const PATCH = route(update, async ({ req, principal, params, body }) => {
  const target = await updateTarget(principal, params.slug, body, req.headers.get("if-match"));
  return json(target, { headers: { ETag: `"${target.updatedAt}"` } });
});
