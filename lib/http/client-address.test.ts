import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("clientAddress", () => {
  it("reads X-Forwarded-For only behind a trusted proxy, and then the entry the proxy added", () => {
    const headers = { "x-forwarded-for": "6.6.6.6, 203.0.113.7" };
    expect(clientAddress(headers, true)).toBe("203.0.113.7");
    expect(clientAddress(headers, false)).toBeNull();
    expect(clientAddress({}, true)).toBeNull();
    expect(clientAddress({ "x-forwarded-for": "not an address" }, true)).toBeNull();
    expect(clientAddress({ "x-forwarded-for": ["2001:db8::1"] }, true)).toBe("2001:db8::1");
  });
});
