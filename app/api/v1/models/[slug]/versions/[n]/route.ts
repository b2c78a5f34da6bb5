import { versionEndpoints } from "@/lib/endpoints/versions";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { getVersion, updateVersion } from "@/lib/services/versions";

// GET /api/v1/models/{slug}/versions/{n} – one version with its requirement checks
export const GET = route(versionEndpoints.get, async ({ params }) =>
  getVersion(params.slug, params.n),
);

// PATCH /api/v1/models/{slug}/versions/{n} – edit metadata, report eval metrics
export const PATCH = route(versionEndpoints.update, async ({ principal, params, body }) =>
  updateVersion(actorOf(principal), params.slug, params.n, body),
);
