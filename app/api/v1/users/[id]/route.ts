import { userEndpoints } from "@/lib/endpoints/users";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { updateUser } from "@/lib/services/users";

// PATCH /api/v1/users/{id} – change role, name, password or disabled state (admins)
export const PATCH = route(userEndpoints.update, async ({ principal, params, body }) =>
  updateUser(actorOf(principal), params.id, body),
);
