import { endpoint } from "@/lib/http/endpoint";
import { pageOf, slugParams } from "@/lib/schemas/common";
import {
  model,
  modelCreate,
  modelDetail,
  modelListItem,
  modelListQuery,
  modelUpdate,
  requirements,
  requirementsInput,
} from "@/lib/schemas/models";
export const modelEndpoints = {
  list: endpoint({
    method: "GET",
    path: "/api/v1/models",
    tag: "Models",
    summary: "List models",
    description:
      "Filter by text, stage of the newest version, tag, owner and risk; keyset-paginated.",
    action: "read",
    query: modelListQuery,
    response: {
      status: 200,
      description:
        "A page of models, each with its active deployments, checklist progress and open alerts.",
      schema: pageOf(modelListItem),
    },
  }),
  create: endpoint({
    method: "POST",
    path: "/api/v1/models",
    tag: "Models",
    summary: "Register a model",
    action: "write",
    body: modelCreate,
    response: { status: 201, description: "The new model.", schema: model },
    errors: [409],
  }),
  get: endpoint({
    method: "GET",
    path: "/api/v1/models/{slug}",
    tag: "Models",
    summary: "Read a model",
    action: "read",
    params: slugParams,
    response: {
      status: 200,
      description:
        "The model with its requirements, versions (newest first) and active deployments.",
      schema: modelDetail,
    },
    errors: [404],
  }),
  update: endpoint({
    method: "PATCH",
    path: "/api/v1/models/{slug}",
    tag: "Models",
    summary: "Edit a model",
    action: "write",
    params: slugParams,
    body: modelUpdate,
    response: { status: 200, description: "The model after the edit.", schema: model },
    errors: [404],
  }),
  archive: endpoint({
    method: "DELETE",
    path: "/api/v1/models/{slug}",
    tag: "Models",
    summary: "Archive a model",
    description: "Models are archived, never deleted: their history stays auditable.",
    action: "write",
    params: slugParams,
    response: { status: 200, description: "The archived model.", schema: model },
    errors: [404],
  }),
  putRequirements: endpoint({
    method: "PUT",
    path: "/api/v1/models/{slug}/requirements",
    tag: "Models",
    summary: "Set the stage-1 requirements",
    description:
      "Replaces the requirements: fields not sent are cleared. `minMetricName` and `minMetricValue` go together.",
    action: "write",
    params: slugParams,
    body: requirementsInput,
    response: { status: 200, description: "The requirements now in force.", schema: requirements },
    errors: [404],
  }),
};
