import { userEndpoints } from "@/lib/endpoints/users";
import { noContent, route } from "@/lib/http/route";
import { changeOwnPassword } from "@/lib/services/users";

// POST /api/v1/me/password – change your own password (ends all your sessions)
export const POST = route(userEndpoints.changePassword, async ({ principal, body }) => {
  await changeOwnPassword(principal, body);
  return noContent();
});
