import { describe, expect, it } from "vitest";
import { throttleDelay } from "./sign-in";

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
});
