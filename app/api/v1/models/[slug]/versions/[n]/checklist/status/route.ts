import { checklistEndpoints } from "@/lib/endpoints/checklist";
import { route } from "@/lib/http/route";
import { checklistStatus, versionIdOf } from "@/lib/services/checklist/items";

// GET /api/v1/models/{slug}/versions/{n}/checklist/status?stages=… – required items done? (for gates)
export const GET = route(checklistEndpoints.status, async ({ params, query }) =>
  checklistStatus(await versionIdOf(params.slug, params.n), query.stages),
);
