import { describe, expect, it } from "vitest";
import { makeUser } from "@/lib/testing/fixtures";
import { AppError } from "./errors";
import { checkRateLimit } from "./rate-limit";

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
});
