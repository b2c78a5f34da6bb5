import { z } from "zod";
import { versionEndpoints } from "@/lib/endpoints/versions";
import { env } from "@/lib/env";
import { json, route } from "@/lib/http/route";
import { versionCreateFor } from "@/lib/schemas/versions";
import { actorOf } from "@/lib/services/audit";
import { listVersions, registerVersion } from "@/lib/services/versions";

// GET /api/v1/models/{slug}/versions – a model's versions, newest first
export const GET = route(versionEndpoints.list, async ({ params, query }) =>
  listVersions(params.slug, query),
);

// The endpoint's schema is shared with browsers, which cannot read env(): the server parses
// with its own ALLOW_FILE_ARTIFACTS (lazily, so importing this module needs no environment).
const register = {
  ...versionEndpoints.register,
  body: z.lazy(() => versionCreateFor({ allowFile: env().ALLOW_FILE_ARTIFACTS })),
};

// POST /api/v1/models/{slug}/versions – register a version (numbered atomically)
export const POST = route(register, async ({ principal, params, body }) =>
  json(await registerVersion(actorOf(principal), params.slug, body), { status: 201 }),
);
