import { checklistEndpoints } from "@/lib/endpoints/checklist";
import { route } from "@/lib/http/route";
import { getChecklist, versionIdOf } from "@/lib/services/checklist/items";

// GET /api/v1/models/{slug}/versions/{n}/checklist – items by stage, with evidence and progress
export const GET = route(checklistEndpoints.get, async ({ params }) =>
  getChecklist(await versionIdOf(params.slug, params.n)),
);
