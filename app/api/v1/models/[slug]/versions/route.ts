import { versionEndpoints } from "@/lib/endpoints/versions";
import { json, route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { listVersions, registerVersion } from "@/lib/services/versions";

// GET /api/v1/models/{slug}/versions – a model's versions, newest first
export const GET = route(versionEndpoints.list, async ({ params, query }) => listVersions(params.slug, query));

// POST /api/v1/models/{slug}/versions – register a version (numbered atomically)
export const POST = route(versionEndpoints.register, async ({ principal, params, body }) =>
  json(await registerVersion(actorOf(principal), params.slug, body), { status: 201 }),
);
