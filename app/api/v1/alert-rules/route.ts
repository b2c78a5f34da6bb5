import { alertEndpoints } from "@/lib/endpoints/alerts";
import { json, route } from "@/lib/http/route";
import { createRule, listRules } from "@/lib/services/alerts/rules";
import { actorOf } from "@/lib/services/audit";

// GET /api/v1/alert-rules – rules, including those derived from requirements
export const GET = route(alertEndpoints.listRules, async ({ query }) => listRules(query));

// POST /api/v1/alert-rules – a metric, drift or no-data rule
export const POST = route(alertEndpoints.createRule, async ({ principal, body }) =>
  json(await createRule(actorOf(principal), body), { status: 201 }),
);
