import { performance } from "node:perf_hooks";

// What a piece of async work costs this process, in measures a busy CI machine cannot
// distort: the CPU time the process spent (being descheduled does not count, unlike wall
// time or event-loop delay), and how many turns the event loop took meanwhile (work that
// yields lets other requests in between its slices; one synchronous block gives 0 or 1).
// Wall time and the longest stall are goals measured by `npm run bench otlp`, not here.

export async function costOf<T>(
  work: () => Promise<T>,
): Promise<{ result: T; cpuMs: number; turns: number; wallMs: number }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const result = await work();
    const used = process.cpuUsage(cpu);
    return {
      result,
      cpuMs: (used.user + used.system) / 1000,
      turns,
      wallMs: performance.now() - started,
    };
  } finally {
    running = false;
  }
}
