import { z } from "zod";
import { targetEndpoints } from "@/lib/endpoints/targets";
import { env } from "@/lib/env";
import { json, route } from "@/lib/http/route";
import { targetBodiesFor } from "@/lib/schemas/targets";
import { createTarget, listTargets } from "@/lib/services/targets";

// GET /api/v1/targets – deployment targets with what runs on each
export const GET = route(targetEndpoints.list, async ({ query }) => listTargets(query));

// The endpoint's schema is shared with browsers, which cannot read env(): the server parses
// with its own MODELGATE_GITOPS_ALLOW_LOCAL (lazily, so importing this module needs no environment).
const create = {
  ...targetEndpoints.create,
  body: z.lazy(() => targetBodiesFor({ allowLocal: env().MODELGATE_GITOPS_ALLOW_LOCAL }).create),
};

// POST /api/v1/targets – create a target
export const POST = route(create, async ({ principal, body }) =>
  json(await createTarget(principal, body), { status: 201 }),
);
