/**
 * A response whose length is declared, and which Next does not gzip when it is under 1 KB.
 * Next compresses what it streams whatever its size (it drops the length and sends chunks), so
 * every tiny answer went through a gzip stream on the server and an inflate on the client: each
 * 202 of the ingest path, every problem+json. `no-transform` is the standard way to say a body
 * goes as it is (RFC 9111 §5.2.2.6), and Next's compression honours it; larger bodies are still
 * compressed.
 */
export function sized(text: string, status: number, headers: Record<string, string>): Response {
  const length = Buffer.byteLength(text);
  const out: Record<string, string> = { ...headers, "Content-Length": String(length) };
  if (length < 1024) {
    const cache = Object.keys(out).find((k) => k.toLowerCase() === "cache-control");
    if (cache) out[cache] = `${out[cache]}, no-transform`;
    else out["Cache-Control"] = "no-transform";
  }
  return new Response(text, { status, headers: out });
}
