import { describe, expect, it } from "vitest";
import { targetFits } from "./target-fit";

const req = {
  memoryMb: 1024,
  gpuRequired: false,
  dataSensitivity: "internal" as const,
  complianceTags: [] as string[],
};
const target = { memoryMb: 2048, gpu: null, complianceTags: ["soc2"] };

describe("targetFits", () => {
  it("fits when memory, GPU and compliance are covered", () => {
    expect(targetFits(req, target)).toEqual({ fits: true, reasons: [] });
  });

  it("lists every reason it does not fit", () => {
    const fit = targetFits(
      {
        memoryMb: 4096,
        gpuRequired: true,
        dataSensitivity: "regulated",
        complianceTags: ["hipaa", "soc2"],
      },
      target,
    );
    expect(fit.fits).toBe(false);
    expect(fit.reasons).toHaveLength(4);
    expect(fit.reasons.join(" ")).toMatch(/4096 MB.*GPU.*regulated.*hipaa/);
  });

  it("puts regulated data only on targets that declare it", () => {
    expect(
      targetFits(
        { ...req, dataSensitivity: "regulated" },
        { ...target, complianceTags: ["Regulated"] },
      ).fits,
    ).toBe(true);
  });

  it("cannot fit without requirements", () => {
    expect(targetFits(null, target).fits).toBe(false);
  });
});
