import { expect, test } from "@playwright/test";
import { tokenEndpoints } from "@/lib/endpoints/tokens";
import { userEndpoints } from "@/lib/endpoints/users";
import { parsed, problemOf } from "../support/api";
import { bearer, unique } from "../support/fixtures";

test.describe("tokens and users", () => {
  test("POST /api/v1/tokens – shown once, then listed without the secret, usable, revocable", async ({
    request,
  }) => {
    const res = await request.post("/api/v1/tokens", {
      headers: bearer("editor"),
      data: { name: unique("ci"), scopes: ["read"] },
    });
    expect(res.status()).toBe(201);
    const created = await parsed(res, tokenEndpoints.create);
    expect(created.token).toMatch(/^mg_/);

    const list = await parsed(
      await request.get("/api/v1/tokens", { headers: bearer("editor") }),
      tokenEndpoints.list,
    );
    const listed = list.items.find((t: { id: string }) => t.id === created.id);
    expect(listed).toBeTruthy();
    expect(JSON.stringify(list)).not.toContain(created.token);

    const me = await request.get("/api/v1/me", {
      headers: { Authorization: `Bearer ${created.token}` },
    });
    expect((await parsed(me, userEndpoints.me)).token?.scopes).toEqual(["read"]);

    const write = await request.post("/api/v1/models", {
      headers: { Authorization: `Bearer ${created.token}` },
      data: { slug: unique("x"), name: "x" },
    });
    expect(write.status()).toBe(403);

    expect(
      (
        await request.delete(`/api/v1/tokens/${created.id}`, { headers: bearer("editor") })
      ).status(),
    ).toBe(200);
    const after = await request.get("/api/v1/me", {
      headers: { Authorization: `Bearer ${created.token}` },
    });
    expect(after.status()).toBe(401);
  });

  test("POST /api/v1/tokens – scopes beyond the role are refused, naming the field", async ({
    request,
  }) => {
    const res = await request.post("/api/v1/tokens", {
      headers: bearer("viewer"),
      data: { name: "x", scopes: ["read", "write"] },
    });
    expect(res.status()).toBe(400);
    expect((await problemOf(res, 400)).errors?.[0].path).toBe("scopes.1");
  });

  test("POST /api/v1/users – admins only; the password is never returned", async ({ request }) => {
    const email = `${unique("new")}@example.com`;
    const denied = await request.post("/api/v1/users", {
      headers: bearer("approver"),
      data: { email, name: "N", role: "viewer", password: "long-enough-pw" },
    });
    expect(denied.status()).toBe(403);
    const res = await request.post("/api/v1/users", {
      headers: bearer("admin"),
      data: { email, name: "New Person", role: "editor", password: "long-enough-pw" },
    });
    expect(res.status()).toBe(201);
    const user = await parsed(res, userEndpoints.create);
    expect(user).toMatchObject({ email, role: "editor" });
    expect(JSON.stringify(user)).not.toMatch(/password/i);
    const patched = await request.patch(`/api/v1/users/${user.id}`, {
      headers: bearer("admin"),
      data: { role: "approver" },
    });
    expect((await parsed(patched, userEndpoints.update)).role).toBe("approver");
  });

  test("cookie-authenticated writes from another origin are refused (CSRF)", async ({
    request,
    baseURL,
  }) => {
    // Sign in through next-auth to get a session cookie on this request context.
    const csrf = await (await request.get("/api/auth/csrf")).json();
    const signIn = await request.post("/api/auth/callback/credentials", {
      form: {
        csrfToken: csrf.csrfToken,
        email: "editor@modelgate.dev",
        password: "modelgate-demo",
        json: "true",
      },
    });
    expect(signIn.ok()).toBe(true);
    const foreign = await request.post("/api/v1/models", {
      headers: { Origin: "https://evil.example" },
      data: { slug: unique("csrf"), name: "x" },
    });
    expect(foreign.status()).toBe(403);
    const same = await request.post("/api/v1/models", {
      headers: { Origin: baseURL! },
      data: { slug: unique("same"), name: "x" },
    });
    expect(same.status()).toBe(201);
  });
});
