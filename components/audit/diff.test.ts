import { describe, expect, it } from "vitest";
import { fieldChanges, showValue } from "./diff";

describe("fieldChanges", () => {
  it("lists changed keys only, nested ones with dots", () => {
    const before = {
      name: "Old",
      environment: "staging",
      hardware: { memoryMb: 8192, gpu: null },
      tags: ["a"],
      updatedAt: "x",
    };
    const after = {
      name: "New",
      environment: "staging",
      hardware: { memoryMb: 16384, gpu: null },
      tags: ["a", "b"],
      updatedAt: "y",
    };
    expect(fieldChanges(before, after)).toEqual([
      { path: "name", before: "Old", after: "New" },
      { path: "hardware.memoryMb", before: 8192, after: 16384 },
      { path: "tags", before: ["a"], after: ["a", "b"] },
    ]);
  });

  it("treats a creation as every field added and a deletion as every field removed", () => {
    expect(fieldChanges(null, { a: 1, b: { c: 2 } })).toEqual([
      { path: "a", before: undefined, after: 1 },
      { path: "b.c", before: undefined, after: 2 },
    ]);
    expect(fieldChanges({ a: 1 }, null)).toEqual([{ path: "a", before: 1, after: undefined }]);
  });

  it("notices a key that appears or disappears inside a nested object", () => {
    expect(fieldChanges({ h: { x: 1 } }, { h: { x: 1, y: 2 } })).toEqual([
      { path: "h.y", before: undefined, after: 2 },
    ]);
  });
});

describe("showValue", () => {
  it("shows strings raw, the rest as JSON, absence as a dash", () => {
    expect(showValue("a")).toBe("a");
    expect(showValue(3)).toBe("3");
    expect(showValue(null)).toBe("null");
    expect(showValue(undefined)).toBe("—");
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });
});
