import { templateEndpoints } from "@/lib/endpoints/checklist";
import { json, route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import {
  createTemplate,
  listEvidenceRules,
  listTemplates,
} from "@/lib/services/checklist/templates";

// GET /api/v1/checklist-templates – templates and the evidence rules
export const GET = route(templateEndpoints.list, async () => ({
  items: await listTemplates(),
  nextCursor: null,
  evidenceRules: listEvidenceRules(),
}));

// POST /api/v1/checklist-templates – add a template (admins)
export const POST = route(templateEndpoints.create, async ({ principal, body }) =>
  json(await createTemplate(actorOf(principal), body), { status: 201 }),
);
