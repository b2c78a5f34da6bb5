// The Node flags every Modelgate web server starts with: `npm run serve`, `npm start`, the e2e
// server and the benchmarks. Node sizes V8's old generation from the machine's memory and gives
// it no idle-time GC, so a busy server keeps the garbage of its busiest hour: 5 minutes of
// ingest at 100,000 points/s left the server of a 24-GiB machine at 523 MiB resident (a 291 MiB
// heap, mostly garbage), against 279 MiB with the old space bounded. 384 MiB leaves the largest
// requests room (a 32 MiB reference upload, a 100k × 20 drift check); MODELGATE_HEAP_MB changes it.

export const DEFAULT_HEAP_MB = 384;

/** Node flags for a web server; `heapMb` is MODELGATE_HEAP_MB where the caller has it. */
export function serverNodeFlags(heapMb?: string): string[] {
  const mb = heapMb === undefined || heapMb === "" ? DEFAULT_HEAP_MB : Number(heapMb);
  if (!Number.isInteger(mb) || mb < 128 || mb > 65_536) {
    throw new Error(
      `MODELGATE_HEAP_MB must be a whole number of MiB, 128 to 65536, not "${heapMb}"`,
    );
  }
  return [`--max-old-space-size=${mb}`];
}

// Arguments after `next start`. Node closes a kept-alive connection after 5 s idle; a client that
// reuses the socket at that moment gets ECONNRESET (an e2e request made 5 s after the previous one
// on the same connection failed so). Load balancers keep idle connections for 60 s, and the
// server must outlast them, so idle connections live 65 s.
export const KEEP_ALIVE_MS = 65_000;

export function serverStartArgs(): string[] {
  return ["--keepAliveTimeout", String(KEEP_ALIVE_MS)];
}
