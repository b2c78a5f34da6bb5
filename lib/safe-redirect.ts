// Where a user may be sent after signing in: a path on this site, nothing else.
// `?callbackUrl=` comes from whoever wrote the link, so it is treated as hostile. Browsers
// and servers disagree about what leaves the origin: `//host` and `/\host` do (backslash is
// a slash in http URLs), tabs and newlines are dropped from URLs before parsing, some
// servers decode `%2F`/`%5C` before routing, and `/.//host` normalizes to `//host`. Rather
// than list the bad spellings, accept only what survives every one of those readings.
// Pure and dependency-free: the sign-in page (server), the sign-in form (browser) and
// next-auth's redirect callback all call it.

const DEFAULT_PATH = "/models";
/** Request header in which proxy.ts passes on the path (and query) a page request asked for. */
export const REQUEST_PATH_HEADER = "x-request-path";
const MAX_LENGTH = 2048;
/** Control characters and any whitespace: URL parsers strip or drop them, changing the meaning. */
const UNSAFE_CHARACTERS = /[\s\u0000-\u001f\u007f-\u009f]/;
/** A path of ours is printable ASCII once decoded; lookalikes such as `／` (U+FF0F) become `/` in some normalizers. */
const PLAIN_PATH = /^[\x21-\x7e]*$/;
/** No honest link encodes a path more than twice. */
const MAX_DECODINGS = 3;
const PROBE_ORIGIN = "http://callback.invalid";

function leavesOrigin(path: string): boolean {
  if (path.startsWith("//") || path.includes("\\") || !PLAIN_PATH.test(path)) return true;
  // Dot segments resolved as a browser would: `/a/..//host` is `//host`.
  let url: URL;
  try {
    url = new URL(path, PROBE_ORIGIN);
  } catch {
    return true;
  }
  return url.origin !== PROBE_ORIGIN || url.pathname.startsWith("//");
}

/**
 * `raw` when it is a path on this site (query and fragment kept, dot segments resolved),
 * else `fallback`. Refuses other origins, schemes, protocol-relative and backslash paths,
 * whitespace and control characters, and encoded forms of any of them.
 */
export function safeCallbackPath(raw: unknown, fallback: string = DEFAULT_PATH): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  if (!raw.startsWith("/") || UNSAFE_CHARACTERS.test(raw)) return fallback;

  // The path part, decoded as far as anyone might decode it, must stay a plain path.
  let path = raw.split(/[?#]/, 1)[0];
  for (let round = 0; ; round++) {
    if (leavesOrigin(path)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return fallback;
    }
    if (decoded === path) break;
    if (round === MAX_DECODINGS) return fallback;
    path = decoded;
  }

  const url = new URL(raw, PROBE_ORIGIN);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, coming back to `path` afterwards when that is a safe path worth keeping. */
export function loginPath(path: string | null | undefined): string {
  const target = safeCallbackPath(path, DEFAULT_PATH);
  return target === DEFAULT_PATH ? "/login" : `/login?callbackUrl=${encodeURIComponent(target)}`;
}
