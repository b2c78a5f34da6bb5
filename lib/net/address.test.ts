import { describe, expect, it } from "vitest";
import { classifyAddress, hostAllowed, parseAllowList, parseIPv4, refusalFor } from "./address";

// Every spelling an attacker might use for an address inside the network, and the public
// ones that must still pass. Browsers, curl and Node's URL parser all accept the odd IPv4
// forms (inet_aton), so the classifier must too.

const internal: [string, string][] = [
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["2130706433", "loopback"],
  ["0x7f000001", "loopback"],
  ["0X7F000001", "loopback"],
  ["0177.0.0.1", "loopback"],
  ["0177.0000.0000.0001", "loopback"],
  ["127.1", "loopback"],
  ["127.0.1", "loopback"],
  ["0x7f.1", "loopback"],
  ["0x7f.0x0.0x0.0x1", "loopback"],
  ["017700000001", "loopback"],
  ["127.0.0.1.", "loopback"],
  ["localhost", "loopback"],
  ["LOCALHOST.", "loopback"],
  ["api.localhost", "loopback"],
  ["[::1]", "loopback"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["[::ffff:127.0.0.1]", "IPv4-mapped IPv6"],
  ["[::ffff:7f00:1]", "IPv4-mapped IPv6"],
  ["::ffff:10.0.0.1", "IPv4-mapped IPv6"],
  ["::ffff:8.8.8.8", "IPv4-mapped IPv6"],
  ["10.0.0.1", "private"],
  ["10.255.255.255", "private"],
  ["012.0.0.1", "private"],
  ["167772161", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["0xc0a80101", "private"],
  ["192.168.257", "private"],
  ["169.254.169.254", "link-local"],
  ["0xa9fea9fe", "link-local"],
  ["2852039166", "link-local"],
  ["169.254.43518", "link-local"],
  ["100.64.0.1", "carrier-grade NAT"],
  ["100.127.255.254", "carrier-grade NAT"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["0.0.0.0", "unspecified"],
  ["0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["255.255.255.255", "broadcast"],
  ["240.0.0.1", "reserved"],
  ["[::]", "unspecified"],
  ["::", "unspecified"],
  ["fe80::1", "link-local"],
  ["[fe80::1%25eth0]", "link-local"],
  ["febf::1", "link-local"],
  ["fc00::1", "unique local"],
  ["fd12:3456:789a::1", "unique local"],
  ["fec0::1", "site-local"],
  ["ff02::1", "multicast"],
  ["ff0e::1", "multicast"],
  ["::127.0.0.1", "IPv4-compatible IPv6"],
  ["64:ff9b::a9fe:a9fe", "NAT64"],
  ["2002:7f00:1::", "6to4"],
];

const external = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.216.34",
  "172.32.0.1",
  "172.15.255.255",
  "100.128.0.1",
  "100.63.255.255",
  "169.253.1.1",
  "11.0.0.1",
  "223.255.255.255",
  "2606:4700:4700::1111",
  "[2001:4860:4860::8888]",
  "hooks.example.com",
  "example.com.",
];

describe("classifyAddress", () => {
  it.each(internal)("%s is %s", (host, kind) => {
    expect(classifyAddress(host)).toBe(kind);
  });

  it.each(external)("%s is public", (host) => {
    expect(classifyAddress(host)).toBeNull();
  });

  it("covers at least 30 internal spellings", () =>
    expect(internal.length).toBeGreaterThanOrEqual(30));
});

describe("parseIPv4", () => {
  it("reads inet_aton forms and refuses what is not an address", () => {
    expect(parseIPv4("0x7f000001")).toBe("127.0.0.1");
    expect(parseIPv4("127.1")).toBe("127.0.0.1");
    expect(parseIPv4("0177.1")).toBe("127.0.0.1");
    expect(parseIPv4("1.2.3.256")).toBeNull();
    expect(parseIPv4("256.1.1.1")).toBeNull();
    expect(parseIPv4("4294967296")).toBeNull();
    expect(parseIPv4("08.0.0.1")).toBeNull(); // 8 is not an octal digit: not an address at all
    expect(parseIPv4("1.2.3.4.5")).toBeNull();
    expect(parseIPv4("example.com")).toBeNull();
    expect(parseIPv4("1..2")).toBeNull();
  });
});

describe("WEBHOOK_ALLOWED_HOSTS", () => {
  const allow = parseAllowList("127.0.0.1, hooks.internal, 10.20.0.0/16, fd00::/8");

  it("lets listed hosts and addresses in ranges through, nothing else", () => {
    expect(hostAllowed(allow, "hooks.internal", "10.9.9.9")).toBe(true);
    expect(hostAllowed(allow, "HOOKS.internal.", "10.9.9.9")).toBe(true);
    expect(hostAllowed(allow, "localhost", "127.0.0.1")).toBe(true);
    expect(hostAllowed(allow, "other", "10.20.3.4")).toBe(true);
    expect(hostAllowed(allow, "other", "fd00::5")).toBe(true);
    expect(hostAllowed(allow, "other", "127.0.0.2")).toBe(false);
    expect(hostAllowed(allow, "other", "10.21.0.1")).toBe(false);
    expect(hostAllowed(allow, "other", "::ffff:127.0.0.2")).toBe(false);
    // Node's BlockList would match the mapped spelling of an allowed IPv4 address: refused anyway.
    expect(hostAllowed(allow, "other", "::ffff:127.0.0.1")).toBe(false);
    expect(hostAllowed(allow, "other", "::ffff:7f00:1")).toBe(false);
  });

  it("refusalFor names the kind of address and the way out", () => {
    expect(refusalFor(parseAllowList(""), "metadata", "169.254.169.254")).toMatch(
      /169\.254\.169\.254 is a link-local address.*WEBHOOK_ALLOWED_HOSTS/,
    );
    expect(refusalFor(allow, "localhost", "127.0.0.1")).toBeNull();
    expect(refusalFor(parseAllowList(""), "example.com", "93.184.216.34")).toBeNull();
  });

  it("refuses malformed entries", () => {
    expect(() => parseAllowList("10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseAllowList("bad host!")).toThrow(/bad host!/);
  });
});
