import { createHash, timingSafeEqual } from "node:crypto";

// A fixed secret sent as `Authorization: Bearer <secret>` (e.g. METRICS_TOKEN for a
// Prometheus scraper). Compared in constant time: both sides are hashed first, so neither
// the content nor the length of the secret leaks through timing.

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

export function bearerMatches(authorization: string | null, secret: string): boolean {
  const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? "");
  const given = match ? match[1] : "";
  // Always compare, also for a missing header, so that case takes the same time.
  const same = timingSafeEqual(digest(given), digest(secret));
  return match !== null && same;
}
