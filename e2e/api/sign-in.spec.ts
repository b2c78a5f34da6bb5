import { expect, test } from "@playwright/test";
import { bearer, unique } from "../support/fixtures";

// Sign-in through next-auth's credentials callback, as a password guesser would: many
// guesses at once must not all be checked.

test("POST /api/auth/callback/credentials – 12 parallel wrong passwords: 5 are checked, the rest and then the right password are throttled", async ({
  request,
}) => {
  const email = `${unique("guess")}@example.com`;
  const created = await request.post("/api/v1/users", {
    headers: bearer("admin"),
    data: { email, name: "Guessed", role: "viewer", password: "the right password" },
  });
  expect(created.status()).toBe(201);
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const attempt = async (password: string) => {
    const res = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password, json: "true" },
    });
    return new URL((await res.json()).url).searchParams.get("error");
  };

  const errors = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(`guess-${i}`)));
  expect(errors.filter((e) => e === "CredentialsSignin")).toHaveLength(5);
  expect(errors.filter((e) => e?.startsWith("throttled:"))).toHaveLength(7);
  expect(await attempt("the right password")).toMatch(/^throttled:\d+$/);
});
