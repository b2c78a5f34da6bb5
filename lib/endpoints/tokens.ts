import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { idParams } from "@/lib/schemas/common";
import { createdToken, token, tokenCreate } from "@/lib/schemas/tokens";
export const tokenEndpoints = {
  list: endpoint({
    method: "GET",
    path: "/api/v1/tokens",
    tag: "Tokens",
    summary: "List API tokens",
    description: "Your own tokens; admins see everyone's. Secrets are never listed.",
    action: "read",
    response: {
      status: 200,
      description: "Tokens.",
      schema: z.object({ items: z.array(token), nextCursor: z.null() }),
    },
  }),
  create: endpoint({
    method: "POST",
    path: "/api/v1/tokens",
    tag: "Tokens",
    summary: "Create an API token",
    description:
      "The token is in this response only; store it now. Scopes cannot exceed the user's role.",
    action: "read",
    body: tokenCreate,
    response: { status: 201, description: "The token, with its secret.", schema: createdToken },
    errors: [404],
  }),
  revoke: endpoint({
    method: "DELETE",
    path: "/api/v1/tokens/{id}",
    tag: "Tokens",
    summary: "Revoke an API token",
    action: "read",
    params: idParams,
    response: { status: 200, description: "The revoked token.", schema: token },
    errors: [404, 422],
  }),
};
