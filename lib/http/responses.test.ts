import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { createToken } from "@/lib/services/tokens";
import { makeUser } from "@/lib/testing/fixtures";

// Real endpoints answer what their response schemas say: outside production the route wrapper
// turns a mismatch into a 500, so each of these fails if a payload and its schema drift apart.

const get = (handler: typeof me, path: string, token: string) =>
  handler(
    new NextRequest(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } }),
    {
      params: Promise.resolve({}),
    },
  );

describe("answers against their schemas", () => {
  it("GET /api/v1/me – a token's narrowing and who minted it are part of the documented answer", async () => {
    const admin = await makeUser("admin");
    const editor = await makeUser("editor");
    const own = await createToken(editor, { name: "own", scopes: ["read", "ingest"] });
    const minted = await createToken(admin, {
      name: "for-editor",
      scopes: ["read"],
      userId: editor.user.id,
    });

    const res = await get(me, "/api/v1/me", own.token);
    expect(res.status).toBe(200);
    expect((await res.json()).token).toEqual({
      id: own.id,
      scopes: ["read", "ingest"],
      ownIssued: true,
      deploymentIds: [],
      modelId: null,
    });
    const other = await get(me, "/api/v1/me", minted.token);
    expect(other.status).toBe(200);
    expect((await other.json()).token.ownIssued).toBe(false);
  });
});
