import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { type AllowList, literalAddress, refusalFor } from "./address";

// One outbound POST to a URL a user chose, bounded and pinned:
//   1. resolve the host once and refuse if any address it resolves to is internal (unless
//      the operator allowed it), so a name with one public and one private record fails;
//   2. connect to exactly the address that was checked (the request is made to the address,
//      with the name only in Host and TLS SNI), leaving no window for a rebinding answer;
//   3. read at most `maxBytes` of the reply, then close the socket;
//   4. one deadline over all of it (DNS, connect, headers, body).
// Redirects are not followed (a 3xx is the receiver's answer, and would be a second URL).

/** The URL leads somewhere webhooks may not go; retrying will not change that. */
export class DeliveryRefused extends Error {
  override name = "DeliveryRefused";
}

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  allow: AllowList;
  timeoutMs: number;
  maxBytes: number;
}

export interface PostResult {
  status: number;
  body: string;
  bytesRead: number;
  truncated: boolean;
}

type Resolved = { address: string; family: 4 | 6 };

async function resolveChecked(allow: AllowList, host: string): Promise<Resolved> {
  const lit = literalAddress(host);
  const found: Resolved[] = lit
    ? [{ address: lit.address, family: lit.type === "ipv4" ? 4 : 6 }]
    : (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({
        address: a.address,
        family: a.family === 6 ? 6 : 4,
      }));
  if (!found.length) throw new Error(`${host} did not resolve`);
  for (const a of found) {
    const why = refusalFor(allow, host, a.address);
    if (why) throw new DeliveryRefused(why);
  }
  return found[0];
}

export async function postJson(url: string, opts: PostOptions): Promise<PostResult> {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:")
    throw new DeliveryRefused(`${target.protocol} URLs are not delivered`);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`timed out after ${opts.timeoutMs} ms`)),
    opts.timeoutMs,
  );
  try {
    const host = target.hostname.replace(/^\[|\]$/g, "");
    const pinned = await Promise.race([
      resolveChecked(opts.allow, host),
      new Promise<never>((_, reject) =>
        controller.signal.addEventListener(
          "abort",
          () => reject(controller.signal.reason as Error),
          { once: true },
        ),
      ),
    ]);
    return await send(target, pinned, opts, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

function send(
  target: URL,
  pinned: Resolved,
  opts: PostOptions,
  signal: AbortSignal,
): Promise<PostResult> {
  return new Promise<PostResult>((resolve, reject) => {
    const client = target.protocol === "https:" ? https : http;
    const req = client.request(
      {
        protocol: target.protocol,
        // The checked address itself: nothing between the check and the connection resolves again.
        host: pinned.address,
        family: pinned.family,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        // The receiver still sees (and TLS still verifies) the name in the URL.
        headers: {
          ...opts.headers,
          Host: target.host,
          "Content-Length": Buffer.byteLength(opts.body),
        },
        servername: literalAddress(target.hostname) ? undefined : target.hostname,
        agent: false,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytesRead = 0;
        const done = (truncated: boolean) =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            bytesRead,
            truncated,
          });
        res.on("data", (chunk: Buffer) => {
          const room = opts.maxBytes - bytesRead;
          if (chunk.length >= room) {
            chunks.push(chunk.subarray(0, room));
            bytesRead += room;
            done(true);
            // Enough read: close the connection rather than drain the rest of the reply.
            req.destroy();
            return;
          }
          chunks.push(chunk);
          bytesRead += chunk.length;
        });
        res.on("end", () => done(false));
        res.on("error", reject);
      },
    );
    req.on("error", (e) => reject(signal.aborted ? (signal.reason as Error) : e));
    req.end(opts.body);
  });
}
