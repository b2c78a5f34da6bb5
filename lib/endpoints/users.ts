import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { idParams } from "@/lib/schemas/common";
import { passwordChange, role, user, userCreate, userUpdate } from "@/lib/schemas/users";
export const userEndpoints = {
  list: endpoint({
    method: "GET",
    path: "/api/v1/users",
    tag: "Users",
    summary: "List users",
    action: "admin",
    response: {
      status: 200,
      description: "All users.",
      schema: z.object({ items: z.array(user), nextCursor: z.null() }),
    },
  }),
  create: endpoint({
    method: "POST",
    path: "/api/v1/users",
    tag: "Users",
    summary: "Create a user",
    description: "The password is hashed with bcrypt and never returned.",
    action: "admin",
    body: userCreate,
    response: { status: 201, description: "The new user.", schema: user },
    errors: [409],
  }),
  update: endpoint({
    method: "PATCH",
    path: "/api/v1/users/{id}",
    tag: "Users",
    summary: "Change a user's name, role, password or disabled state",
    action: "admin",
    params: idParams,
    body: userUpdate,
    response: { status: 200, description: "The user after the change.", schema: user },
    errors: [404, 422],
  }),
  me: endpoint({
    method: "GET",
    path: "/api/v1/me",
    tag: "Users",
    summary: "Who am I",
    description: "The caller's user and, for a token, its scopes.",
    action: "signed_in",
    response: {
      status: 200,
      description: "The caller.",
      schema: z.object({
        user: z.object({ id: z.string(), email: z.string(), name: z.string(), role }),
        token: z
          .object({
            id: z.string(),
            scopes: z.array(z.string()),
            ownIssued: z.boolean().optional().meta({
              description:
                "Minted by its own user: a token an admin minted for someone else never votes.",
            }),
            deploymentIds: z.array(z.string()).optional().meta({
              description:
                "Ingestion is narrowed to these deployments (empty: not narrowed by id).",
            }),
            modelId: z.string().nullable().optional().meta({
              description:
                "Ingestion is narrowed to this model's deployments (null: not narrowed by model).",
            }),
          })
          .nullable(),
      }),
    },
  }),
  changePassword: endpoint({
    method: "POST",
    path: "/api/v1/me/password",
    tag: "Users",
    summary: "Change your own password",
    description:
      "Needs the current password and a signed-in session (not an API token). Ends every session of yours, this one included: sign in again with the new password.",
    action: "signed_in",
    body: passwordChange,
    response: { status: 204, description: "Changed; every session of yours has ended." },
    errors: [403, 422],
  }),
};
