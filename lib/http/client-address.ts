import { isIP } from "node:net";

// The client's IP address, for per-address throttling. Next.js fills X-Forwarded-For with
// the socket's address only when the request has none, so without a proxy in front the
// header is whatever the client wrote: it counts only when TRUST_PROXY says a proxy we run
// sets it, and then the last entry (the one that proxy appended) is the client we saw.

export function clientAddress(
  headers: Record<string, string | string[] | undefined>,
  trustProxy: boolean,
): string | null {
  if (!trustProxy) return null;
  const raw = headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  const last = value?.split(",").pop()?.trim();
  return last && isIP(last) ? last : null;
}
