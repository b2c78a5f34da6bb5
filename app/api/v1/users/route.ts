import { userEndpoints } from "@/lib/endpoints/users";
import { json, route } from "@/lib/http/route";
import { actorOf } from "@/lib/services/audit";
import { createUser, listUsers } from "@/lib/services/users";

// GET /api/v1/users – all users (admins)
export const GET = route(userEndpoints.list, async () => ({
  items: await listUsers(),
  nextCursor: null,
}));

// POST /api/v1/users – create a user (admins)
export const POST = route(userEndpoints.create, async ({ principal, body }) =>
  json(await createUser(actorOf(principal), body), { status: 201 }),
);
