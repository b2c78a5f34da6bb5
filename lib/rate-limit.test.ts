import { describe, expect, it } from "vitest";
import { makeUser } from "@/lib/testing/fixtures";
import { AppError } from "./errors";
import { RateLimiter, checkRateLimit } from "./rate-limit";
import { uid } from "@/lib/testing/fixtures";

describe("rate limiting (PostgreSQL)", () => {
  it("refuses the request past the limit with 429 and Retry-After, per caller and per window", async () => {
    const [a, b] = [await makeUser("editor"), await makeUser("editor")];
    const opts = { limit: 3, window: 10 };
    const t = Date.UTC(2026, 0, 1, 0, 0, 3); // 3 s into a 10-s window
    for (let i = 0; i < 3; i++) await checkRateLimit(a, "test", t, opts);
    const refused = await checkRateLimit(a, "test", t, opts).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(refused?.status).toBe(429);
    expect(refused?.options.headers).toEqual({ "Retry-After": "7" });
    await checkRateLimit(b, "test", t, opts); // another caller has its own budget
    await checkRateLimit(a, "test", t + 7_000, opts); // the next window starts afresh
  });

  it("counts concurrent requests exactly (one shared counter, not per process)", async () => {
    const user = await makeUser("editor");
    const t = Date.UTC(2026, 0, 1, 1);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => checkRateLimit(user, "burst", t, { limit: 12, window: 60 })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(12);
  });

  it("several instances together never admit more than the limit", async () => {
    const key = `shared:${uid()}`;
    const instances = [new RateLimiter(), new RateLimiter(), new RateLimiter()];
    const t = Date.UTC(2026, 0, 1, 2);
    const opts = { limit: 100, window: 60 };
    const results = await Promise.allSettled(
      instances.flatMap((limiter) => Array.from({ length: 80 }, () => limiter.check(key, t, opts))),
    );
    const admitted = results.filter((r) => r.status === "fulfilled").length;
    expect(admitted).toBeLessThanOrEqual(100);
    // What an instance reserved and could not spend is lost to the others: at most a chunk each.
    expect(admitted).toBeGreaterThanOrEqual(100 - 3 * Math.floor(100 / 16));
  });

  it("spends its reserved quota in memory: a burst asks the database a handful of times", async () => {
    const limiter = new RateLimiter();
    const key = `burst:${uid()}`;
    const t = Date.UTC(2026, 0, 1, 3);
    for (let i = 0; i < 1000; i++) await limiter.check(key, t, { limit: 3000, window: 10 });
    // Chunks of 1, 2, 4, … 128, then 187 (a sixteenth of the limit) at a time.
    expect(limiter.reservations).toBeLessThanOrEqual(12);
    // Past the limit, refusals are answered from memory too.
    const small = `small:${uid()}`;
    for (let i = 0; i < 10; i++) await limiter.check(small, t, { limit: 10, window: 10 });
    const before = limiter.reservations;
    for (let i = 0; i < 5; i++) {
      const refused = await limiter.check(small, t, { limit: 10, window: 10 }).then(
        () => null,
        (e: unknown) => e as AppError,
      );
      expect(refused?.status).toBe(429);
    }
    expect(limiter.reservations - before).toBeLessThanOrEqual(1);
  });
});
