import { templateEndpoints } from "@/lib/endpoints/checklist";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { removeTemplate, updateTemplate } from "@/lib/services/checklist/templates";

// PATCH /api/v1/checklist-templates/{id} – edit, reorder, required, evidence rule (admins)
export const PATCH = route(templateEndpoints.update, async ({ principal, params, body }) =>
  updateTemplate(actorOf(principal), params.id, body),
);

// DELETE /api/v1/checklist-templates/{id} – remove from future versions (admins)
export const DELETE = route(templateEndpoints.remove, async ({ principal, params }) =>
  removeTemplate(actorOf(principal), params.id),
);
