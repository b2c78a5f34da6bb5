import { deploymentEndpoints } from "@/lib/endpoints/promotions";
import { json, route } from "@/lib/http/route";
import { rollback } from "@/lib/services/deployments";

// POST /api/v1/deployments/{id}/rollback – re-activate the previous version on the target
export const POST = route(deploymentEndpoints.rollback, async ({ principal, params, body }) =>
  json(await rollback(principal, params.id, body.reason, { emergency: body.emergency }), {
    status: 201,
  }),
);
