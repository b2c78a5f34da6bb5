import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_HEAP_MB, serverNodeFlags, serverStartArgs } from "./server-flags";

describe("server Node flags", () => {
  it("bound the old space by default, take MODELGATE_HEAP_MB, refuse nonsense", () => {
    expect(serverNodeFlags()).toEqual([`--max-old-space-size=${DEFAULT_HEAP_MB}`]);
    expect(serverNodeFlags("")).toEqual([`--max-old-space-size=${DEFAULT_HEAP_MB}`]);
    expect(serverNodeFlags("1024")).toEqual(["--max-old-space-size=1024"]);
    for (const bad of ["64", "1.5", "lots", "-1"])
      expect(() => serverNodeFlags(bad)).toThrow(/MODELGATE_HEAP_MB/);
  });

  it("keep idle connections longer than a load balancer does", () => {
    expect(serverStartArgs()).toEqual(["--keepAliveTimeout", "65000"]);
  });

  it("are the ones `npm run serve` starts with", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { serve: string } };
    expect(pkg.scripts.serve).toBe(
      `node ${serverNodeFlags().join(" ")} node_modules/next/dist/bin/next start ${serverStartArgs().join(" ")}`,
    );
  });
});
