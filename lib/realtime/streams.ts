import { env } from "@/lib/env";
import { rateLimited } from "@/lib/errors";

// Open live streams on this instance, per user. A stream is a connection this process holds,
// so the count lives here with it (not in the database): each instance caps its own. A client
// that opens streams in a loop gets 429 instead of tying up the instance's memory and timers.

const g = globalThis as unknown as { modelgateStreams?: Map<string, number> };
const open = (g.modelgateStreams ??= new Map<string, number>());

/** Takes one of the user's stream slots; the returned release is safe to call twice. */
export function openStream(userId: string): () => void {
  const limit = env().STREAMS_PER_USER;
  const count = open.get(userId) ?? 0;
  if (count >= limit) {
    throw rateLimited(
      5,
      `At most ${limit} live streams per user may be open at once; close one first.`,
    );
  }
  open.set(userId, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (open.get(userId) ?? 1) - 1;
    if (left > 0) open.set(userId, left);
    else open.delete(userId);
  };
}

/** How many streams this instance holds, for /api/health. */
export function openStreams(): number {
  let total = 0;
  for (const n of open.values()) total += n;
  return total;
}
