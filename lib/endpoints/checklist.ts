import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import {
  checklist,
  checklistItem,
  checklistItemUpdate,
  checklistStatus,
  checklistStatusQuery,
  itemParams,
  template,
  templateCreate,
  templateUpdate,
} from "@/lib/schemas/checklist";
import { idParams } from "@/lib/schemas/common";
import { versionParams } from "@/lib/schemas/versions";

export const checklistEndpoints = {
  get: endpoint({
    method: "GET",
    path: "/api/v1/models/{slug}/versions/{n}/checklist",
    tag: "Checklists",
    summary: "A version's checklist",
    description:
      "Items grouped by the five stages, with evidence for self-checking items and progress. An item is done when checked, satisfied by evidence, or waived.",
    action: "read",
    params: versionParams,
    response: { status: 200, description: "The checklist.", schema: checklist },
    errors: [404],
  }),
  update: endpoint({
    method: "PATCH",
    path: "/api/v1/models/{slug}/versions/{n}/checklist/{itemId}",
    tag: "Checklists",
    summary: "Change a checklist item",
    description:
      "Send the item's `updatedAt` as `If-Match`: if someone changed it since, the answer is 409 with the current item under `current`. Evidence-backed items cannot be ticked (422); they can be waived with a reason.",
    action: "write",
    params: itemParams,
    body: checklistItemUpdate,
    response: {
      status: 200,
      description: "The item after the change (its new ETag in `updatedAt` and the ETag header).",
      schema: checklistItem,
    },
    errors: [404, 409, 422],
  }),
  status: endpoint({
    method: "GET",
    path: "/api/v1/models/{slug}/versions/{n}/checklist/status",
    tag: "Checklists",
    summary: "Are the required items of these stages done?",
    description:
      "For promotion gates and pipelines: `?stages=requirements,preparation` (default: all five).",
    action: "read",
    params: versionParams,
    query: checklistStatusQuery,
    response: {
      status: 200,
      description: "Completion per stage with what is missing.",
      schema: checklistStatus,
    },
    errors: [404],
  }),
  events: endpoint({
    method: "GET",
    path: "/api/v1/models/{slug}/versions/{n}/checklist/events",
    tag: "Checklists",
    summary: "Live changes and viewers (server-sent events)",
    description:
      "`event: item` when an item changes (`{ itemId, by }`), `event: presence` with who has the checklist open. Keep-alive comments every 15 s.",
    action: "read",
    params: versionParams,
    response: {
      status: 200,
      description: "An event stream.",
      contentType: "text/event-stream",
      schema: z.string(),
    },
    errors: [404],
  }),
};

export const templateEndpoints = {
  list: endpoint({
    method: "GET",
    path: "/api/v1/checklist-templates",
    tag: "Checklists",
    summary: "The checklist templates",
    description: "Active templates by stage and position, and the evidence rules an item may use.",
    action: "read",
    response: {
      status: 200,
      description: "Templates and evidence rules.",
      schema: z.object({
        items: z.array(template),
        nextCursor: z.null(),
        evidenceRules: z.array(z.object({ key: z.string(), label: z.string() })),
      }),
    },
  }),
  create: endpoint({
    method: "POST",
    path: "/api/v1/checklist-templates",
    tag: "Checklists",
    summary: "Add a checklist template (admins)",
    description: "Goes to the end of its stage. Only versions registered from now on get it.",
    action: "admin",
    body: templateCreate,
    response: { status: 201, description: "The template.", schema: template },
  }),
  update: endpoint({
    method: "PATCH",
    path: "/api/v1/checklist-templates/{id}",
    tag: "Checklists",
    summary: "Edit, reorder, mark required or attach an evidence rule (admins)",
    action: "admin",
    params: idParams,
    body: templateUpdate,
    response: { status: 200, description: "The template.", schema: template },
    errors: [404],
  }),
  remove: endpoint({
    method: "DELETE",
    path: "/api/v1/checklist-templates/{id}",
    tag: "Checklists",
    summary: "Remove a template from future versions (admins)",
    action: "admin",
    params: idParams,
    response: {
      status: 200,
      description: "Removed.",
      schema: z.object({ id: z.string(), removed: z.literal(true) }),
    },
    errors: [404, 409],
  }),
};
