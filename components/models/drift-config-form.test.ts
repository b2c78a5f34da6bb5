import { describe, expect, it } from "vitest";
import { driftForm, driftValues, onRows } from "./drift-config-form";

// The drift settings form: blanks are the API's defaults (left out of the body), per-feature
// rows become the API's record by name, and the API's errors land on the row they are about.

const empty = driftValues(null);

describe("drift settings form", () => {
  it("sends an empty body when everything is left to the defaults", () => {
    expect(empty).toEqual({ method: "", threshold: "", driftShare: "", features: [] });
    expect(driftForm.parse(empty)).toEqual({});
  });

  it("reads the stored settings back into the same body", () => {
    const config = {
      method: "psi" as const,
      threshold: 0.2,
      driftShare: 0.3,
      features: { temp_max: { threshold: 0.1 }, city: { method: "chisquare" as const } },
    };
    const values = driftValues(config);
    expect(values.features).toEqual([
      { name: "temp_max", method: "", threshold: "0.1" },
      { name: "city", method: "chisquare", threshold: "" },
    ]);
    expect(driftForm.parse(values)).toEqual(config);
  });

  it("refuses a dataset share outside (0, 1] with the API's own bounds", () => {
    const r = driftForm.safeParse({ ...empty, driftShare: "0" });
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["driftShare"]);
    expect(driftForm.safeParse({ ...empty, driftShare: "1" }).data).toEqual({ driftShare: 1 });
  });

  it("refuses a feature twice, a nameless row and a row that sets nothing", () => {
    const row = (name: string, threshold = "0.1") => ({ name, method: "", threshold });
    const r = driftForm.safeParse({
      ...empty,
      features: [row("a"), row(" a "), row(""), row("b", "")],
    });
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["features.2.name", "is required"],
      ["features.1.name", "is already in the table"],
      ["features.3.method", "set a method or a threshold, or remove the row"],
    ]);
  });

  it("moves the API's per-feature errors onto their rows, dotted names included", () => {
    const rows = [
      { name: "temp", method: "", threshold: "1" },
      { name: "temp.max", method: "", threshold: "1" },
    ];
    const errors = [
      { path: "features.temp.max.threshold", message: "bad" },
      { path: "features.temp.method", message: "worse" },
      { path: "driftShare", message: "too big" },
      { path: "features.gone.threshold", message: "unknown" },
    ];
    expect(onRows(errors, rows).map((e) => e.path)).toEqual([
      "features.1.threshold",
      "features.0.method",
      "driftShare",
      "features.gone.threshold",
    ]);
  });
});
