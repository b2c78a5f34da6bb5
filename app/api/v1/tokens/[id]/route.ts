import { tokenEndpoints } from "@/lib/endpoints/tokens";
import { route } from "@/lib/http/route";
import { revokeToken } from "@/lib/services/tokens";

// DELETE /api/v1/tokens/{id} – revoke a token
export const DELETE = route(tokenEndpoints.revoke, async ({ principal, params }) =>
  revokeToken(principal, params.id),
);
