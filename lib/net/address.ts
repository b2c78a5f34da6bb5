import { BlockList, isIPv4, isIPv6 } from "node:net";

// Which addresses a webhook may reach. A server that POSTs to URLs its users choose is a
// proxy into its own network unless it refuses internal addresses in every spelling the
// resolver would accept: inet_aton reads `0x7f000001`, `2130706433`, `0177.0.0.1` and
// `127.1` as 127.0.0.1, and IPv6 can carry an IPv4 address inside (`::ffff:7f00:1`, NAT64,
// 6to4). Pure: no DNS here; callers classify each address a name resolves to.

type Kind =
  | "loopback"
  | "private"
  | "link-local"
  | "carrier-grade NAT"
  | "multicast"
  | "unspecified"
  | "broadcast"
  | "reserved"
  | "unique local"
  | "site-local"
  | "IPv4-mapped IPv6"
  | "IPv4-compatible IPv6"
  | "NAT64"
  | "6to4";

// Most specific first: the first range that holds an address names its kind.
const ranges: [string, number, "ipv4" | "ipv6", Kind][] = [
  ["255.255.255.255", 32, "ipv4", "broadcast"],
  ["0.0.0.0", 8, "ipv4", "unspecified"],
  ["10.0.0.0", 8, "ipv4", "private"],
  ["100.64.0.0", 10, "ipv4", "carrier-grade NAT"],
  ["127.0.0.0", 8, "ipv4", "loopback"],
  ["169.254.0.0", 16, "ipv4", "link-local"],
  ["172.16.0.0", 12, "ipv4", "private"],
  ["192.0.0.0", 24, "ipv4", "reserved"],
  ["192.0.2.0", 24, "ipv4", "reserved"],
  ["192.168.0.0", 16, "ipv4", "private"],
  ["198.18.0.0", 15, "ipv4", "reserved"],
  ["198.51.100.0", 24, "ipv4", "reserved"],
  ["203.0.113.0", 24, "ipv4", "reserved"],
  ["224.0.0.0", 4, "ipv4", "multicast"],
  ["240.0.0.0", 4, "ipv4", "reserved"],
  ["::", 128, "ipv6", "unspecified"],
  ["::1", 128, "ipv6", "loopback"],
  ["::ffff:0:0", 96, "ipv6", "IPv4-mapped IPv6"],
  ["::", 96, "ipv6", "IPv4-compatible IPv6"],
  ["64:ff9b::", 96, "ipv6", "NAT64"],
  ["64:ff9b:1::", 48, "ipv6", "NAT64"],
  ["2002::", 16, "ipv6", "6to4"],
  ["fc00::", 7, "ipv6", "unique local"],
  ["fe80::", 10, "ipv6", "link-local"],
  ["fec0::", 10, "ipv6", "site-local"],
  ["ff00::", 8, "ipv6", "multicast"],
];

const lists = ranges.map(([net, prefix, type, kind]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return { list, type, kind };
});

/** Read an IPv4 address the way inet_aton (and the WHATWG URL parser) does; null if it is not one. */
export function parseIPv4(input: string): string | null {
  let parts = input.split(".");
  if (parts.length > 1 && parts.at(-1) === "") parts = parts.slice(0, -1);
  if (parts.length < 1 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) n = parseInt(p, 8);
    else if (/^(0|[1-9][0-9]*)$/.test(p)) n = Number(p);
    else return null;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 256 ** (4 - nums.length)) return null;
  let value = last;
  nums.forEach((n, i) => (value += n * 256 ** (3 - i)));
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** A literal address in canonical form with its family, or null for a host name. */
export function literalAddress(host: string): { address: string; type: "ipv4" | "ipv6" } | null {
  let h = host.trim();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  // A zone (fe80::1%eth0, %25 once URL-encoded) does not change which network is reached.
  h = h.replace(/%.*$/, "");
  if (isIPv6(h)) return { address: h.toLowerCase(), type: "ipv6" };
  const v4 = parseIPv4(h);
  return v4 && isIPv4(v4) ? { address: v4, type: "ipv4" } : null;
}

const normalHost = (host: string) => host.trim().toLowerCase().replace(/\.$/, "");

/**
 * What kind of internal address `host` is (an IP literal in any spelling, or a name that is
 * always local, like `localhost`), or null when nothing marks it internal.
 */
export function classifyAddress(host: string): Kind | null {
  const name = normalHost(host);
  if (name === "localhost" || name.endsWith(".localhost")) return "loopback";
  const lit = literalAddress(name);
  if (!lit) return null;
  return (
    lists.find((l) => l.type === lit.type && l.list.check(lit.address, lit.type))?.kind ?? null
  );
}

export interface AllowList {
  hosts: Set<string>;
  nets: BlockList;
}

const hostname =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/i;

/**
 * WEBHOOK_ALLOWED_HOSTS: a comma list of host names (matched exactly, case-insensitively)
 * and addresses or CIDR ranges. Throws naming the first entry that is neither.
 */
export function parseAllowList(value: string | undefined): AllowList {
  const allow: AllowList = { hosts: new Set(), nets: new BlockList() };
  for (const raw of (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [addr, prefixText, extra] = raw.split("/");
    const lit =
      prefixText === undefined || /^\d{1,3}$/.test(prefixText) ? literalAddress(addr) : null;
    if (lit && extra === undefined && (isIPv4(addr) || isIPv6(addr.replace(/^\[|\]$/g, "")))) {
      const max = lit.type === "ipv4" ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (prefix > max) throw new Error(`"${raw}" is not a valid address range`);
      allow.nets.addSubnet(lit.address, prefix, lit.type);
    } else if (prefixText === undefined && hostname.test(normalHost(raw))) {
      allow.hosts.add(normalHost(raw));
    } else {
      throw new Error(`"${raw}" is neither a host name nor an address range`);
    }
  }
  return allow;
}

/** Whether the operator allowed this host name, or the address it resolved to. */
export function hostAllowed(allow: AllowList, host: string, address: string): boolean {
  if (allow.hosts.has(normalHost(host))) return true;
  const lit = literalAddress(address);
  // BlockList matches ::ffff:a.b.c.d against IPv4 ranges; an IPv4-mapped spelling is refused
  // all the same: a receiver on an allowed address is reached by its plain address.
  if (!lit || classifyAddress(lit.address) === "IPv4-mapped IPv6") return false;
  return allow.nets.check(lit.address, lit.type);
}

/**
 * Why a webhook may not reach `address` (which `host` resolved to, or `host` itself when it is
 * a literal), or null when it may.
 */
export function refusalFor(allow: AllowList, host: string, address: string): string | null {
  const kind = classifyAddress(address) ?? classifyAddress(host);
  if (!kind || hostAllowed(allow, host, address)) return null;
  const shown = literalAddress(address)?.address ?? normalHost(host);
  return `${shown} is ${/^[aeiou]/i.test(kind) ? "an" : "a"} ${kind} address; webhooks reach only public addresses (an operator can allow internal receivers with WEBHOOK_ALLOWED_HOSTS)`;
}
