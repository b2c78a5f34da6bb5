import { JSONParser } from "@streamparser/json";
import { badRequest, payloadTooLarge } from "./errors";

// JSON bodies without a stalled server. JSON.parse cannot be interrupted: a 16 MiB body
// blocks the event loop for up to a second and a half (every other request, /api/health
// included, waits). Small bodies still take JSON.parse (fastest); large ones are first
// counted (objects and arrays, one pass over the bytes, strings skipped) and refused past a
// cap, then parsed in slices with @streamparser/json, yielding to the event loop between
// slices, so no slice holds it for more than a few milliseconds.

/** Below this, JSON.parse takes a few milliseconds: parse in one go. */
const STREAM_FROM_BYTES = 1 << 20;
/** Bytes handed to the streaming parser between two yields to the event loop. */
const SLICE_BYTES = 64 * 1024;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Refuse (413) a body with more than `max` JSON objects and arrays, before any parsing.
 * `what` names the limit in the message.
 */
export function assertJsonContainersAtMost(bytes: Uint8Array, max: number, what: string) {
  let containers = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c)
        i++; // backslash: the next byte is escaped
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if ((b === 0x7b || b === 0x5b) && ++containers > max) {
      throw payloadTooLarge(
        `The body has more than ${max} JSON objects and arrays; ${what}. Split it into smaller requests.`,
      );
    }
  }
}

/** Parse a JSON body: 400 "Malformed JSON" with the parser's reason; large bodies in slices that yield. */
export async function parseJsonBody(
  bytes: Buffer,
  options: { maxContainers: number; what: string },
): Promise<unknown> {
  if (bytes.length < STREAM_FROM_BYTES) {
    try {
      return JSON.parse(bytes.toString("utf8"));
    } catch (e) {
      throw badRequest(`Malformed JSON: ${(e as Error).message}`);
    }
  }
  assertJsonContainersAtMost(bytes, options.maxContainers, options.what);
  const parser = new JSONParser({ paths: ["$"], keepStack: false });
  let result: unknown;
  let seen = false;
  parser.onValue = ({ value, stack }) => {
    if (stack.length === 0) {
      result = value;
      seen = true;
    }
  };
  try {
    for (let i = 0; i < bytes.length; i += SLICE_BYTES) {
      parser.write(bytes.subarray(i, i + SLICE_BYTES));
      await yieldToEventLoop();
    }
    if (!parser.isEnded) parser.end();
  } catch (e) {
    throw badRequest(`Malformed JSON: ${(e as Error).message}`);
  }
  if (!seen) throw badRequest("Malformed JSON: the body ended before its value did.");
  return result;
}
