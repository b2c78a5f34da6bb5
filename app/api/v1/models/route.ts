import { modelEndpoints } from "@/lib/endpoints/models";
import { json, route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { createModel, listModels } from "@/lib/services/models";

// GET /api/v1/models – list models with filters
export const GET = route(modelEndpoints.list, async ({ query }) => listModels(query));

// POST /api/v1/models – register a model
export const POST = route(modelEndpoints.create, async ({ principal, body }) =>
  json(await createModel(actorOf(principal), body), { status: 201 }),
);
