import { modelEndpoints } from "@/lib/endpoints/models";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { archiveModel, getModel, updateModel } from "@/lib/services/models";

// GET /api/v1/models/{slug} – one model
export const GET = route(modelEndpoints.get, async ({ params }) => getModel(params.slug));

// PATCH /api/v1/models/{slug} – edit a model
export const PATCH = route(modelEndpoints.update, async ({ principal, params, body }) =>
  updateModel(actorOf(principal), params.slug, body),
);

// DELETE /api/v1/models/{slug} – archive a model
export const DELETE = route(modelEndpoints.archive, async ({ principal, params }) =>
  archiveModel(actorOf(principal), params.slug),
);
