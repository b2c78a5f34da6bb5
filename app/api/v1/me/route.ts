import { userEndpoints } from "@/lib/endpoints/users";
import { route } from "@/lib/http/route";

// GET /api/v1/me – the caller
export const GET = route(userEndpoints.me, async ({ principal }) => ({
  user: principal.user,
  token: principal.token ?? null,
}));
