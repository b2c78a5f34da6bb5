/**
 * A response whose length is declared. Next compresses what it streams without a length, so it
 * gzipped every tiny answer (each 202 of the ingest path cost the server a gzip stream, and the
 * client an inflate); with a length, bodies under 1 KB go as they are and larger ones are still
 * compressed.
 */
export function sized(text: string, status: number, headers: Record<string, string>): Response {
  return new Response(text, {
    status,
    headers: { ...headers, "Content-Length": String(Buffer.byteLength(text)) },
  });
}
