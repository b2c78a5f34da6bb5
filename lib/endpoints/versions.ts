import { endpoint } from "@/lib/http/endpoint";
import { pageOf, slugParams } from "@/lib/schemas/common";
import {
  comparison,
  compareQuery,
  version,
  versionCreate,
  versionListQuery,
  versionParams,
  versionUpdate,
} from "@/lib/schemas/versions";

export const versionEndpoints = {
  list: endpoint({
    method: "GET",
    path: "/api/v1/models/{slug}/versions",
    tag: "Versions",
    summary: "List a model's versions",
    description: "Newest first.",
    action: "read",
    params: slugParams,
    query: versionListQuery,
    response: { status: 200, description: "A page of versions.", schema: pageOf(version) },
    errors: [404],
  }),
  register: endpoint({
    method: "POST",
    path: "/api/v1/models/{slug}/versions",
    tag: "Versions",
    summary: "Register a version",
    description:
      "The version number is assigned atomically (1, 2, 3 … per model). Artifact URIs must use s3, gs, azureml, hf, https or http (file where allowed), with no `..` segments, fragments, credentials or control characters. The version's checklist is created from the current templates.",
    action: "write",
    params: slugParams,
    body: versionCreate,
    response: { status: 201, description: "The new version.", schema: version },
    errors: [404, 422],
  }),
  get: endpoint({
    method: "GET",
    path: "/api/v1/models/{slug}/versions/{n}",
    tag: "Versions",
    summary: "Read a version",
    description:
      "With checklist progress and its eval metrics checked against the model's requirements.",
    action: "read",
    params: versionParams,
    response: { status: 200, description: "The version.", schema: version },
    errors: [404],
  }),
  update: endpoint({
    method: "PATCH",
    path: "/api/v1/models/{slug}/versions/{n}",
    tag: "Versions",
    summary: "Edit a version's metadata or report eval metrics",
    description:
      "`evalMetrics` are merged into the existing ones. The artifact URI, size and checksum cannot change.",
    action: "write",
    params: versionParams,
    body: versionUpdate,
    response: { status: 200, description: "The version after the edit.", schema: version },
    errors: [404],
  }),
  compare: endpoint({
    method: "GET",
    path: "/api/v1/models/{slug}/compare",
    tag: "Versions",
    summary: "Compare two to four versions",
    description:
      "Metadata side by side and each eval metric with its delta against the first version listed.",
    action: "read",
    params: slugParams,
    query: compareQuery,
    response: { status: 200, description: "The comparison.", schema: comparison },
    errors: [404],
  }),
};
