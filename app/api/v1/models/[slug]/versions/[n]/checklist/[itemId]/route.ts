import { checklistEndpoints } from "@/lib/endpoints/checklist";
import { json, route } from "@/lib/http/route";
import { updateItem, versionIdOf } from "@/lib/services/checklist/items";

// PATCH /api/v1/models/{slug}/versions/{n}/checklist/{itemId} – change an item (If-Match for concurrency)
export const PATCH = route(checklistEndpoints.update, async ({ req, principal, params, body }) => {
  const versionId = await versionIdOf(params.slug, params.n);
  const ifMatch = req.headers.get("if-match");
  const item = await updateItem(principal, { versionId, itemId: params.itemId, ifMatch }, body);
  return json(item, { headers: { ETag: `"${item.updatedAt}"` } });
});
