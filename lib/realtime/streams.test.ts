import { describe, expect, it } from "vitest";
import { openStream, openStreams } from "./streams";

describe("live stream slots", () => {
  it("20 streams per user, then 429 with Retry-After; a release frees exactly one slot, once", () => {
    const before = openStreams();
    const releases = Array.from({ length: 20 }, () => openStream("user-a"));
    expect(openStreams()).toBe(before + 20);
    let refused: unknown;
    try {
      openStream("user-a");
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({
      code: "rate_limited",
      status: 429,
      options: { headers: { "Retry-After": "5" } },
    });
    // Another user is not affected.
    openStream("user-b")();
    releases[0]();
    releases[0]();
    const again = openStream("user-a");
    expect(() => openStream("user-a")).toThrow(/At most 20 live streams/);
    again();
    for (const release of releases) release();
    expect(openStreams()).toBe(before);
  });
});
