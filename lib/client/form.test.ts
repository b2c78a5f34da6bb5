import { describe, expect, it } from "vitest";
import { requirementsInput } from "@/lib/schemas/models";
import { asPercent, percent } from "./form";

// The requirements form shows the max error rate in percent; the API keeps a fraction.

describe("percent inputs", () => {
  const field = percent(requirementsInput.shape.maxErrorRate);

  it("reads a percent as the API's fraction, blank as null", () => {
    expect(field.parse("2.5")).toBe(0.025);
    expect(field.parse("0.1")).toBe(0.001);
    expect(field.parse(" ")).toBeNull();
  });

  it("says what is wrong in percent", () => {
    expect(field.safeParse("150").error?.issues[0].message).toBe("at most 100 %");
    expect(field.safeParse("-1").error?.issues[0].message).toBe("at least 0 %");
    expect(field.safeParse("abc").success).toBe(false);
  });

  it("shows a fraction as the percent typed, without float noise", () => {
    expect(asPercent(0.025)).toBe("2.5");
    expect(asPercent(0.07)).toBe("7");
    expect(asPercent(null)).toBe("");
  });
});
