import { versionEndpoints } from "@/lib/endpoints/versions";
import { route } from "@/lib/http/route";
import { compareVersions } from "@/lib/services/versions";

// GET /api/v1/models/{slug}/compare?versions=1,2,3 – versions side by side with metric deltas
export const GET = route(versionEndpoints.compare, async ({ params, query }) =>
  compareVersions(params.slug, query.versions),
);
