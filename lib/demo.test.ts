import { describe, expect, it } from "vitest";
import { shouldSeedDemo } from "./demo";

const url = "postgresql://postgres@db.internal:5432/modelgate";

describe("shouldSeedDemo", () => {
  it.each([
    // embedded database (no DATABASE_URL): a demo unless the operator turns it off
    [{}, true],
    [{ MODELGATE_DEMO: "" }, true],
    [{ MODELGATE_DEMO: "1" }, true],
    [{ MODELGATE_DEMO: "true" }, true],
    [{ MODELGATE_DEMO: "0" }, false],
    [{ MODELGATE_DEMO: "false" }, false],
    // a real PostgreSQL: never a demo unless the operator asks for one
    [{ DATABASE_URL: url }, false],
    [{ DATABASE_URL: url, MODELGATE_DEMO: "" }, false],
    [{ DATABASE_URL: url, MODELGATE_DEMO: "0" }, false],
    [{ DATABASE_URL: url, MODELGATE_DEMO: "false" }, false],
    [{ DATABASE_URL: url, MODELGATE_DEMO: "1" }, true],
    [{ DATABASE_URL: url, MODELGATE_DEMO: "true" }, true],
  ])("%j → %s", (env, expected) => {
    expect(shouldSeedDemo(env)).toBe(expected);
  });

  it("does not care about NODE_ENV", () => {
    expect(shouldSeedDemo({ DATABASE_URL: url, NODE_ENV: "production" })).toBe(false);
    expect(shouldSeedDemo({ DATABASE_URL: url, NODE_ENV: "development" })).toBe(false);
    expect(shouldSeedDemo({ NODE_ENV: "production" })).toBe(true);
  });

  it("refuses a value it cannot read rather than guessing", () => {
    expect(() => shouldSeedDemo({ DATABASE_URL: url, MODELGATE_DEMO: "yes" })).toThrowError(
      /MODELGATE_DEMO/,
    );
  });
});
