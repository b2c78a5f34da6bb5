import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/passwords";
import { makeUser, uid } from "@/lib/testing/fixtures";
import { MAX_BACKOFF_SECONDS, signInWithPassword, throttleDelay } from "./sign-in";

const at = (s: number) => new Date(Date.UTC(2026, 10, 27, 12, 0, s));

describe("throttleDelay", () => {
  it("lets the first failures through", () => {
    expect(throttleDelay([at(0), at(1), at(2), at(3)], at(4), 5, 900)).toBe(0);
  });

  it("doubles the wait for each failure past the limit", () => {
    const five = [at(0), at(1), at(2), at(3), at(4)];
    expect(throttleDelay(five, at(4), 5, 900)).toBe(1);
    const seven = [...five, at(5), at(6)];
    expect(throttleDelay(seven, at(6), 5, 900)).toBe(4);
    expect(throttleDelay(seven, at(10), 5, 900)).toBe(0);
  });

  it("never waits longer than the window", () => {
    const many = Array.from({ length: 40 }, (_, i) => at(i));
    expect(throttleDelay(many, at(39), 5, 900)).toBe(900);
  });

  it("never waits longer than 15 minutes, even with a day-long window: the owner always gets back in", () => {
    expect(MAX_BACKOFF_SECONDS).toBe(900);
    const many = Array.from({ length: 60 }, (_, i) => at(i));
    expect(throttleDelay(many, at(59), 5, 86_400)).toBe(900);
    expect(throttleDelay(many, new Date(at(59).getTime() + 900_000), 5, 86_400)).toBe(0);
  });
});

describe("password hashes", () => {
  it("hashes bcryptjs wrote ($2a$, $2b$) still verify", async () => {
    const b = "$2b$04$repYG0EcbPfUiiWS16wcjuOfANYbnFGWw3Bga5wBl1cVx.jLvUD3i";
    expect(await verifyPassword("correct horse", b)).toBe(true);
    expect(await verifyPassword("correct horse", b.replace("$2b$", "$2a$"))).toBe(true);
    expect(await verifyPassword("wrong horse", b)).toBe(false);
    expect(await hashPassword("x")).toMatch(/^\$2b\$04\$/);
  });
});

/** A user with a known password; returns its email. */
async function userWithPassword(password: string) {
  const u = await makeUser("viewer", { passwordHash: await hashPassword(password) });
  return u.user.email;
}

const attemptsOf = (key: string) => db.loginAttempt.count({ where: { key } });

describe("signInWithPassword throttling (PostgreSQL)", () => {
  it("12 parallel wrong passwords: only LOGIN_MAX_FAILURES (5) are checked, the rest are throttled", async () => {
    const email = await userWithPassword("the right one");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signInWithPassword(email, `wrong-${i}`)),
    );
    // Each checked password leaves one attempt row, written before the check.
    expect(await attemptsOf(email)).toBe(5);
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(7);
    // The right password is throttled too: the brake does not depend on what is guessed.
    expect(await signInWithPassword(email, "the right one")).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });

  it("a success is not counted as a failure", async () => {
    const email = await userWithPassword("the right one");
    for (let i = 0; i < 6; i++)
      expect((await signInWithPassword(email, "the right one")).ok).toBe(true);
    expect(await db.loginAttempt.count({ where: { key: email, succeeded: true } })).toBe(6);
  });

  it("one client address spraying many emails (unknown ones too) is throttled per address, in parallel", async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const emails = Array.from({ length: 25 }, () => `${uid("nobody")}@example.com`);
    const results = await Promise.all(
      emails.map((e) => signInWithPassword(e, "Summer2026!", { clientAddress: address })),
    );
    expect(await attemptsOf(`ip:${address}`)).toBe(20);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(5);
    // The address keeps guessing (as if time passed between): its wait reaches the cap.
    await db.loginAttempt.createMany({
      data: Array.from({ length: 10 }, () => ({ key: `ip:${address}`, succeeded: false })),
    });
    // A real user from that address waits as well; from another address they sign in.
    const email = await userWithPassword("mine");
    expect(await signInWithPassword(email, "mine", { clientAddress: address })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect(await signInWithPassword(email, "mine", { clientAddress: "192.0.2.200" })).toMatchObject(
      { ok: true },
    );
  });

  it("one email guessed from many addresses is still throttled per email", async () => {
    const email = await userWithPassword("the right one");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        signInWithPassword(email, `wrong-${i}`, { clientAddress: `192.0.2.${i + 1}` }),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(5);
    expect(await attemptsOf(email)).toBe(5);
  });
});
