import { targetEndpoints } from "@/lib/endpoints/targets";
import { json, route } from "@/lib/http/route";
import { createTarget, listTargets } from "@/lib/services/targets";

// GET /api/v1/targets – deployment targets with what runs on each
export const GET = route(targetEndpoints.list, async ({ query }) => listTargets(query));

// POST /api/v1/targets – create a target
export const POST = route(targetEndpoints.create, async ({ principal, body }) =>
  json(await createTarget(principal, body), { status: 201 }),
);
