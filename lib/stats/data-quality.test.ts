import { describe, expect, it } from "vitest";
import { featureQuality, worstQuality } from "./data-quality";
import { profileReference, type Value } from "./drift";

describe("featureQuality, numerical feature", () => {
  const profile = profileReference([1, 2, 3, 4, 10, null]); // range [1, 10]

  it("counts missing, wrong-typed and out-of-range values as shares of all values", () => {
    const q = featureQuality(profile, [
      1, // in range (the min itself)
      10, // in range (the max itself)
      5.5, // in range
      0.999, // below min
      11, // above max
      -3, // below min
      null, // missing
      undefined, // missing
      NaN, // missing
      "", // missing
      "3.2", // wrong type: a string, even if it parses
      true, // wrong type
      Infinity, // wrong type: not finite
      { v: 1 }, // wrong type
      [2], // wrong type
      4, // in range
    ]);
    expect(q).toEqual({
      count: 16,
      missing: 4 / 16,
      wrongType: 5 / 16,
      outOfRange: 3 / 16,
      unseen: null,
    });
    expect(worstQuality(q)).toBe(5 / 16);
  });

  it("a clean batch scores zero everywhere", () => {
    const q = featureQuality(profile, Float64Array.from([1, 2, 9.5]));
    expect(q).toEqual({ count: 3, missing: 0, wrongType: 0, outOfRange: 0, unseen: null });
    expect(worstQuality(q)).toBe(0);
  });

  it("an empty batch has all shares 0; an empty reference has no range", () => {
    expect(featureQuality(profile, [])).toEqual({
      count: 0,
      missing: 0,
      wrongType: 0,
      outOfRange: 0,
      unseen: null,
    });
    const empty = profileReference([null, null], { type: "numerical" });
    expect(featureQuality(empty, [5, null]).outOfRange).toBeNull();
    expect(featureQuality(empty, [5, null]).missing).toBe(0.5);
  });
});

describe("featureQuality, categorical feature", () => {
  const profile = profileReference(["red", "green", "blue", "red", 1, true]);

  it("counts missing, wrong-typed and unseen values; 1 and '1' are different categories", () => {
    const values: unknown[] = [
      "red",
      "blue",
      1, // seen (the number)
      "1", // unseen: the string
      true, // seen
      false, // unseen
      "purple", // unseen
      "purple", // unseen
      "Red", // unseen: case matters
      null, // missing
      "", // missing
      NaN, // missing
      { colour: "red" }, // wrong type
      ["red"], // wrong type
      2, // unseen, though a valid category value
      "green",
    ];
    const q = featureQuality(profile, values);
    expect(q).toEqual({
      count: 16,
      missing: 3 / 16,
      wrongType: 2 / 16,
      outOfRange: null,
      unseen: 6 / 16,
    });
    expect(worstQuality(q)).toBe(6 / 16);
  });

  it("worstQuality picks whichever share is largest", () => {
    const q = featureQuality(profile, ["red", null, null, { a: 1 }] as Value[]);
    expect(q).toMatchObject({ missing: 0.5, wrongType: 0.25, unseen: 0 });
    expect(worstQuality(q)).toBe(0.5);
  });

  it("an empty reference has no categories to compare against", () => {
    const empty = profileReference([null], { type: "categorical" });
    expect(featureQuality(empty, ["a", {}]).unseen).toBeNull();
    expect(featureQuality(empty, ["a", {}]).wrongType).toBe(0.5);
  });
});
