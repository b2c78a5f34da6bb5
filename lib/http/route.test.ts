import { gzipSync } from "node:zlib";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createToken } from "@/lib/services/tokens";
import { makeUser } from "@/lib/testing/fixtures";
import { endpoint } from "./endpoint";
import { json, route, validatesResponses } from "./route";

// The route wrapper with real Request objects, real tokens and the real database.

const echo = route(
  endpoint({
    method: "POST",
    path: "/api/v1/echo/{id}",
    tag: "Test",
    summary: "echo",
    action: "write",
    params: z.object({ id: z.string().regex(/^\d+$/, "must be digits") }),
    query: z.object({ dry: z.enum(["true", "false"]).optional() }).strict(),
    body: z.object({ name: z.string().min(1), count: z.number().int().positive() }).strict(),
    bodyLimit: 1024,
    response: { status: 201, description: "echo" },
  }),
  async ({ params, body, principal }) =>
    json({ params, body, user: principal.user.email }, { status: 201 }),
);

const boom = route(
  endpoint({
    method: "GET",
    path: "/api/v1/boom",
    tag: "Test",
    summary: "boom",
    action: "read",
    response: { status: 200, description: "never" },
  }),
  async () => {
    throw new Error("secret internals: password=hunter2");
  },
);

async function tokenFor(role: "viewer" | "editor") {
  const user = await makeUser(role);
  return (
    await createToken(user, { name: "t", scopes: role === "viewer" ? ["read"] : ["read", "write"] })
  ).token;
}

function call(
  handler: typeof echo,
  opts: {
    id?: string;
    query?: string;
    body?: string | Uint8Array<ArrayBuffer>;
    headers?: Record<string, string>;
  },
) {
  const req = new NextRequest(`http://localhost/api/v1/echo/${opts.id ?? "1"}${opts.query ?? ""}`, {
    method: "POST",
    body: opts.body,
    headers: { "content-type": "application/json", ...opts.headers },
  });
  return handler(req, { params: Promise.resolve({ id: opts.id ?? "1" }) });
}

describe("route()", () => {
  it("runs the handler with parsed input for an allowed token", async () => {
    const token = await tokenFor("editor");
    const res = await call(echo, {
      body: JSON.stringify({ name: "a", count: 2 }),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect((await res.json()).body).toEqual({ name: "a", count: 2 });
  });

  it("answers 401 without credentials and 403 when the role does not allow it", async () => {
    expect((await call(echo, { body: "{}" })).status).toBe(401);
    const viewer = await tokenFor("viewer");
    const res = await call(echo, {
      body: JSON.stringify({ name: "a", count: 1 }),
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("lists every invalid field of params, query and body at once", async () => {
    const token = await tokenFor("editor");
    const res = await call(echo, {
      id: "abc",
      query: "?dry=maybe&extra=1",
      body: JSON.stringify({ name: "", count: 1.5, more: true }),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["id", "query.dry", "name", "count"]));
    expect(body.errors.length).toBeGreaterThanOrEqual(6);
  });

  it("takes gzip bodies (Content-Encoding), bounded as sent and as inflated", async () => {
    const auth = { authorization: `Bearer ${await tokenFor("editor")}` };
    const gz = (text: string) => new Uint8Array(gzipSync(Buffer.from(text)));
    const ok = await call(echo, {
      body: gz(JSON.stringify({ name: "a", count: 2 })),
      headers: { ...auth, "content-encoding": "gzip" },
    });
    expect(ok.status).toBe(201);
    expect((await ok.json()).body).toEqual({ name: "a", count: 2 });
    // 100 KB of spaces gzip to ~100 bytes: under the 1,024-byte limit as sent, far over inflated.
    const bomb = await call(echo, {
      body: gz(`{"name":"a","count":2${" ".repeat(100_000)}}`),
      headers: { ...auth, "content-encoding": "gzip" },
    });
    expect(bomb.status).toBe(413);
    const broken = await call(echo, {
      body: new Uint8Array(Buffer.from("not gzip at all")),
      headers: { ...auth, "content-encoding": "gzip" },
    });
    expect(broken.status).toBe(400);
    const brotli = await call(echo, {
      body: JSON.stringify({ name: "a", count: 2 }),
      headers: { ...auth, "content-encoding": "br" },
    });
    expect(brotli.status).toBe(415);
  });

  it("refuses a wrong content type (415), a large body (413) and broken JSON (400)", async () => {
    const token = await tokenFor("editor");
    const auth = { authorization: `Bearer ${token}` };
    expect(
      (await call(echo, { body: "x", headers: { ...auth, "content-type": "text/plain" } })).status,
    ).toBe(415);
    expect(
      (
        await call(echo, {
          body: JSON.stringify({ name: "x".repeat(2000), count: 1 }),
          headers: auth,
        })
      ).status,
    ).toBe(413);
    const broken = await call(echo, { body: "{", headers: auth });
    expect(broken.status).toBe(400);
    expect((await broken.json()).detail).toMatch(/Malformed JSON/);
  });

  it("turns an unexpected error into a 500 that leaks nothing", async () => {
    const token = await tokenFor("viewer");
    const res = await boom(
      new NextRequest("http://localhost/api/v1/boom", {
        headers: { authorization: `Bearer ${token}` },
      }),
      {
        params: Promise.resolve({}),
      },
    );
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("secret internals");
  });

  describe("answers checked against the response schema", () => {
    const spec = (status = 200) =>
      endpoint({
        method: "GET",
        path: "/api/v1/shape",
        tag: "Test",
        summary: "shape",
        action: "public",
        response: {
          status,
          description: "shape",
          schema: z.object({ n: z.number(), when: z.iso.datetime() }),
        },
      });
    const get = (handler: ReturnType<typeof route>) =>
      handler(new NextRequest("http://localhost/api/v1/shape"), { params: Promise.resolve({}) });

    it("sends a plain object with the endpoint's status", async () => {
      const res = await get(route(spec(202), async () => ({ n: 1, when: "2026-11-29T12:00:00Z" })));
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ n: 1, when: "2026-11-29T12:00:00Z" });
    });

    it("turns a body that breaks the schema into a 500 naming the fields", async () => {
      const wrong = { n: "one", when: "yesterday" } as unknown as { n: number; when: string };
      const res = await get(route(spec(), async () => json(wrong)));
      expect(res.status).toBe(500);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const paths = (await res.json()).errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(["n", "when"]);
    });

    it("counts a field the schema does not list as a mismatch, however deep", async () => {
      const extra = { n: 1, when: "2026-11-29T12:00:00Z", secret: "x" };
      const res = await get(route(spec(), async () => extra));
      expect(res.status).toBe(500);
      expect((await res.json()).errors).toEqual([
        { path: "secret", message: "not in the response schema" },
      ]);

      const list = endpoint({
        method: "GET",
        path: "/api/v1/shape",
        tag: "Test",
        summary: "shape",
        action: "public",
        response: {
          status: 200,
          description: "shape",
          schema: z.object({ items: z.array(z.object({ n: z.number() })) }),
        },
      });
      const deep = { items: [{ n: 1 }, { n: 2, hidden: true }] };
      const nested = await get(route(list, async () => deep));
      expect((await nested.json()).errors).toEqual([
        { path: "items.1.hidden", message: "not in the response schema" },
      ]);
    });

    it("leaves alternative content types and errors alone", async () => {
      const csv = endpoint({
        method: "GET",
        path: "/api/v1/shape",
        tag: "Test",
        summary: "shape",
        action: "public",
        response: {
          status: 200,
          description: "shape",
          schema: z.object({ n: z.number() }),
          alternatives: ["text/csv"],
        },
      });
      const res = await get(
        route(csv, async () => new Response("n\n1\n", { headers: { "Content-Type": "text/csv" } })),
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("n\n1\n");
    });

    it("is on outside production, and in production only when asked", () => {
      expect(validatesResponses({ NODE_ENV: "test", MODELGATE_VALIDATE_RESPONSES: false })).toBe(
        true,
      );
      expect(
        validatesResponses({ NODE_ENV: "development", MODELGATE_VALIDATE_RESPONSES: false }),
      ).toBe(true);
      expect(
        validatesResponses({ NODE_ENV: "production", MODELGATE_VALIDATE_RESPONSES: false }),
      ).toBe(false);
      expect(
        validatesResponses({ NODE_ENV: "production", MODELGATE_VALIDATE_RESPONSES: true }),
      ).toBe(true);
    });

    it("types the handler by the schema (checked by `npm run typecheck`)", () => {
      // @ts-expect-error a field of the wrong type
      route(spec(), async () => ({ n: "1", when: "2026-11-29T12:00:00Z" }));
      // @ts-expect-error a missing field, through json()
      route(spec(), async () => json({ n: 1 }));
      // @ts-expect-error an untyped Response where the endpoint promises JSON
      route(spec(), async () => new Response("{}"));
      route(spec(), async () => json({ n: 1, when: "2026-11-29T12:00:00Z" }, { status: 200 }));
    });
  });
});
