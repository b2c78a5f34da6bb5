import { tokenEndpoints } from "@/lib/endpoints/tokens";
import { json, route } from "@/lib/http/route";
import { createToken, listTokens } from "@/lib/services/tokens";

// GET /api/v1/tokens – the caller's tokens (admins: all)
export const GET = route(tokenEndpoints.list, async ({ principal }) => ({
  items: await listTokens(principal),
  nextCursor: null,
}));

// POST /api/v1/tokens – create a token; the secret is in this response only
export const POST = route(tokenEndpoints.create, async ({ principal, body }) =>
  json(await createToken(principal, body), {
    status: 201,
    headers: { "Cache-Control": "no-store" },
  }),
);
