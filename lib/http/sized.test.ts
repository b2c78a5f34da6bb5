import { describe, expect, it } from "vitest";
import { sized } from "./sized";

describe("sized responses", () => {
  it("declare their length; under 1 KB they ask not to be transformed (not gzipped by Next)", async () => {
    const small = sized('{"accepted":1000}', 202, { "Content-Type": "application/json" });
    expect(small.headers.get("content-length")).toBe("17");
    expect(small.headers.get("cache-control")).toBe("no-transform");
    const kept = sized("{}", 200, { "cache-control": "no-store" });
    expect(kept.headers.get("cache-control")).toBe("no-store, no-transform");
    const large = sized(JSON.stringify({ x: "é".repeat(1000) }), 200, {});
    expect(large.headers.get("content-length")).toBe(
      String(Buffer.byteLength(await large.clone().text())),
    );
    expect(large.headers.get("cache-control")).toBeNull();
  });
});
